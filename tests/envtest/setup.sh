#!/usr/bin/env bash
# Prepares the control-plane binaries the tests run: etcd (Debian's etcd-server) and kube-apiserver +
# kube-controller-manager built from Debian bookworm's `kubernetes` source package.
#
# Idempotent: binaries are cached per user and version under ${ECSBRIDGE_ENVTEST_CACHE}. Prints the assets
# folder on its last line of stdout. When KUBEBUILDER_ASSETS names a folder holding etcd and kube-apiserver,
# that folder is used as it is and nothing is built. Also provides the kubectl the tests need (kubectl.sh).
#
# Never edits the system's apt sources: the deb-src entry lives in a private apt configuration derived at run
# time from the system's deb822 sources, so no mirror name is written into this repository.
set -euo pipefail

K8S_VERSION="${ECSBRIDGE_K8S_VERSION:-1.20.2}"
CACHE_ROOT="${ECSBRIDGE_ENVTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecsbridge/envtest}"
ASSETS="$CACHE_ROOT/k8s-$K8S_VERSION"
WORK="$CACHE_ROOT/build-$K8S_VERSION"

log() { echo "envtest: $*" >&2; }

# A missing kubectl fails only the tests that run it (with a message saying so), not the whole preparation.
provide_kubectl() {
  bash "$(dirname "${BASH_SOURCE[0]}")/kubectl.sh" >/dev/null || log "no usable kubectl: the tests that run it will fail"
}

# The local node's parts (kubelet, kube-scheduler, kube-proxy, containerd, images): tests/envtest/node-setup.sh.
# ECSBRIDGE_NODE=0 skips them; a failure there leaves the control plane usable, without a node.
node_setup() {
  [[ "${ECSBRIDGE_NODE:-1}" == 0 ]] && return 0
  bash "$(dirname "${BASH_SOURCE[0]}")/node-setup.sh" >/dev/null \
    || log "the local node's parts could not be prepared; the control plane runs without a node"
}

# The ECS service model and both AWS CLIs (EcsModelCoverageTests, AwsCliSkeletonTests, the EcsApi tests, which
# drive aws-cli 1 and aws-cli 2 alike): the image's pip-installed botocore and aws (aws-cli 1) are used when present;
# otherwise Debian's python3-botocore and pip's awscli. aws-cli 2 is Debian's awscli package (/usr/bin/aws, 2.9.19 on
# bookworm), which sits beside pip's `aws`: the tests tell them apart by `aws --version`. A failure here fails only
# those tests, with a message saying what is missing.
aws_cli_major_present() {
  local dir
  for dir in ${PATH//:/ } /usr/bin; do
    [[ -x "$dir/aws" ]] && "$dir/aws" --version 2>/dev/null | grep -q "^aws-cli/$1\." && return 0
  done
  return 1
}
ecs_model_tools() {
  local pkgs=() sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  python3 -c 'import botocore' >/dev/null 2>&1 || [[ -d /usr/lib/python3/dist-packages/botocore ]] || pkgs+=(python3-botocore)
  aws_cli_major_present 2 || pkgs+=(awscli)
  if ((${#pkgs[@]})); then
    log "installing Debian packages: ${pkgs[*]}"
    { $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq \
        && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${pkgs[@]}"; } >&2 \
      || log "could not install ${pkgs[*]}: the ECS model and ECS API tests will fail"
  fi
  if ! aws_cli_major_present 1; then
    log "installing aws-cli 1 with pip (awscli)"
    python3 -m pip install --quiet --user awscli >&2 || log "could not install aws-cli 1: the ECS API tests will fail"
  fi
}
ecs_model_tools

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
  if [[ -x "$KUBEBUILDER_ASSETS/etcd" && -x "$KUBEBUILDER_ASSETS/kube-apiserver" ]]; then
    log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
    provide_kubectl
    echo "$KUBEBUILDER_ASSETS"
    exit 0
  fi
  log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks an executable etcd or kube-apiserver"
  exit 1
fi

if [[ -x "$ASSETS/etcd" && -x "$ASSETS/kube-apiserver" && -x "$ASSETS/kube-controller-manager" ]]; then
  provide_kubectl
  node_setup
  echo "$ASSETS"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

need_pkgs=()
command -v go >/dev/null || need_pkgs+=(golang-go)
[[ -x /usr/bin/etcd ]] || need_pkgs+=(etcd-server)
command -v rsync >/dev/null || need_pkgs+=(rsync)
command -v openssl >/dev/null || need_pkgs+=(openssl)
command -v dpkg-source >/dev/null || need_pkgs+=(dpkg-dev)
[[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || need_pkgs+=(golang-github-modern-go-reflect2-dev)
if ((${#need_pkgs[@]})); then
  log "installing Debian packages: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >&2
fi

mkdir -p "$WORK" "$ASSETS"

# --- fetch the source through a private apt configuration ------------------------------------------------
SRC_DIR="$(find "$WORK" -maxdepth 1 -type d -name "kubernetes-*" | head -n1 || true)"
if [[ -z "$SRC_DIR" ]]; then
  APT_DIR="$WORK/apt"
  mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/lists/partial"
  # Take the first deb822 stanza that serves bookworm's main suite and turn it into a deb-src stanza.
  awk -v RS= -v ORS='\n\n' '/Suites:[^\n]*bookworm( |\n|$)/ && !done {
      n = split($0, lines, "\n"); out = "";
      for (i = 1; i <= n; i++) {
        if (lines[i] ~ /^#/) continue;
        if (lines[i] ~ /^Types:/) lines[i] = "Types: deb-src";
        if (lines[i] ~ /^Suites:/) lines[i] = "Suites: bookworm";
        out = out lines[i] "\n";
      }
      print out; done = 1 }' /etc/apt/sources.list.d/debian.sources > "$APT_DIR/sources.list.d/ecsbridge-src.sources"
  if ! grep -q '^URIs:' "$APT_DIR/sources.list.d/ecsbridge-src.sources"; then
    log "could not derive a deb-src entry from /etc/apt/sources.list.d/debian.sources"
    exit 1
  fi
  APT_OPTS=(-oDir::Etc::SourceList=/dev/null "-oDir::Etc::SourceParts=$APT_DIR/sources.list.d"
            "-oDir::State::Lists=$APT_DIR/lists" -oAPT::Sandbox::User=root -qq)
  log "fetching the kubernetes source package list"
  $SUDO apt-get "${APT_OPTS[@]}" update >&2
  log "fetching the kubernetes source package"
  (cd "$WORK" && $SUDO apt-get "${APT_OPTS[@]}" source kubernetes >&2)
  SRC_DIR="$(find "$WORK" -maxdepth 1 -type d -name "kubernetes-*" | head -n1)"
fi
log "source: $SRC_DIR"

# --- patch reflect2 (v1.0.1 crashes under Go >= 1.18) ----------------------------------------------------
R2_DST="$SRC_DIR/vendor/github.com/modern-go/reflect2"
if ! grep -q 'modern-go/reflect2 v1.0.2' "$SRC_DIR/vendor/modules.txt"; then
  log "replacing vendored reflect2 with Debian's 1.0.2"
  rm -rf "$R2_DST"
  mkdir -p "$R2_DST"
  cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$R2_DST/"
  cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$R2_DST/" 2>/dev/null || true
  rm -f "$R2_DST"/*_test.go
  sed -i 's#github.com/modern-go/reflect2 v1.0.1#github.com/modern-go/reflect2 v1.0.2#g' \
    "$SRC_DIR/go.mod" "$SRC_DIR/vendor/modules.txt"
fi

# --- build -----------------------------------------------------------------------------------------------
mkdir -p "$SRC_DIR/.go/src/k8s.io"
[[ -e "$SRC_DIR/.go/src/k8s.io/kubernetes" ]] || ln -s ../../.. "$SRC_DIR/.go/src/k8s.io/kubernetes"
for target in kube-apiserver kube-controller-manager; do
  bin="$SRC_DIR/_output/local/bin/linux/amd64/$target"
  if [[ ! -x "$bin" ]]; then
    log "building $target (a few minutes)"
    (cd "$SRC_DIR" && CGO_ENABLED=0 GOFLAGS=-mod=vendor KUBE_VERBOSE=0 make WHAT="cmd/$target" >&2)
  fi
  bin="$(find "$SRC_DIR/_output" -type f -name "$target" -perm -u+x | head -n1)"
  install -m 0755 "$bin" "$ASSETS/$target"
done
ln -sf /usr/bin/etcd "$ASSETS/etcd"
log "binaries ready in $ASSETS"
provide_kubectl
node_setup
echo "$ASSETS"
