# EcsBridge — run `make help` for the targets.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
IMAGE ?= ecsbridge:dev
RID ?= linux-x64
PUBLISH_DIR ?= artifacts/publish/$(RID)
# aot: one native executable (needs clang and zlib1g-dev); r2r: trimmed, self-contained ReadyToRun files.
PUBLISH_MODE ?= aot
PUBLISH_FLAGS_aot = -p:PublishAot=true -p:DebugType=none
PUBLISH_FLAGS_r2r = --self-contained true -p:PublishTrimmed=true -p:PublishReadyToRun=true -p:DebugType=none
ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"} /^[a-zA-Z_-]+:.*##/ {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the solution (warnings are errors).
	$(DOTNET) build EcsBridge.sln -c $(CONFIGURATION) -nologo

.PHONY: envtest
envtest: ## Prepare the local control-plane binaries (etcd, kube-apiserver, kube-controller-manager); cached.
	@bash tests/envtest/setup.sh

.PHONY: test
test: ## Build and run all tests against a real local control plane; prints `N passed, N failed`.
	@bash tests/run-tests.sh

.PHONY: run
run: envtest ## Run the operator: against your cluster if one is configured, else a local control plane.
	$(DOTNET) run --project src/EcsBridge -c $(CONFIGURATION) -- run $(ARGS)

.PHONY: crds
crds: ## Regenerate config/crd/bases and charts/ecsbridge/crds from the C# API types.
	$(DOTNET) run --project src/EcsBridge -c $(CONFIGURATION) -- crds --output-root .

.PHONY: bench
bench: envtest publish ## Run the benchmarks against the published operator (scale on the local control plane, render throughput).
	ECSBRIDGE_BENCH_OPERATOR_DIR=$(PUBLISH_DIR) $(DOTNET) run --project tests/EcsBridge.Benchmarks -c Release -- $(ARGS)

.PHONY: bench-publish
bench-publish: envtest ## Publish JIT, ReadyToRun and Native AOT builds and print their size, `version` time and idle RSS.
	KUBEBUILDER_ASSETS="$$(bash tests/envtest/setup.sh)" bash tests/EcsBridge.Benchmarks/Publish/publish-modes.sh

.PHONY: bench-client
bench-client: envtest ## Re-measure the Kubernetes client decision: our client vs KubernetesClient 21.0.8 published alike (warnings, runs, RSS).
	KUBEBUILDER_ASSETS="$$(bash tests/envtest/setup.sh)" bash tests/EcsBridge.Benchmarks/ClientDecision/client-decision.sh

.PHONY: publish
publish: ## Publish `ecsbridge` as Native AOT (what the Dockerfile runs); PUBLISH_MODE=r2r: trimmed ReadyToRun instead.
	@case "$(PUBLISH_MODE)" in aot|r2r) ;; *) echo "PUBLISH_MODE must be aot or r2r, not '$(PUBLISH_MODE)'" >&2; exit 2;; esac
	$(DOTNET) publish src/EcsBridge -c Release -r $(RID) $(PUBLISH_FLAGS_$(PUBLISH_MODE)) -o $(PUBLISH_DIR)

.PHONY: image-local
image-local: ## Build the operator image without Docker (ecsbridge.local/ecsbridge:dev → artifacts/images/ecsbridge.tar) for the local node.
	@bash tests/envtest/operator-image.sh

.PHONY: docker-build
docker-build: ## Build the container image (needs a Docker engine; none runs on the dev machines).
	docker build -t $(IMAGE) .

.PHONY: clean
clean: ## Remove build outputs and test results (the control-plane cache stays; see tests/envtest/setup.sh).
	$(DOTNET) clean EcsBridge.sln -nologo >/dev/null || true
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
	rm -rf artifacts
