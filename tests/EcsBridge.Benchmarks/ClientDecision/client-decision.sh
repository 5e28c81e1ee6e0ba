#!/usr/bin/env bash
# The Kubernetes client decision, re-measured (`make bench-client`; README "Why our own Kubernetes client").
# Two probes do the same work — list namespaces and pods once against a local control plane, then idle — one with
# EcsBridge.Kubernetes, one with KubernetesClient 21.0.8. Each is published self-contained with the settings below
# and run; the table gives the publish's trim/AOT warnings, whether the probe ran, and its RSS once idle.
#   aot            Native AOT (the operator's `make publish` default)
#   trim-full      PublishTrimmed, TrimMode=full (the SDK's default trimming)
#   trim-partial   PublishTrimmed, TrimMode=partial (only assemblies that say they are trimmable are trimmed)
# KubernetesClient runs twice per build: configuration from the kubeconfig loader, and built in code (no YAML).
# Needs KUBEBUILDER_ASSETS (tests/envtest/setup.sh) for the control plane `ecsbridge run --local --no-node` starts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/tests/EcsBridge.Benchmarks/ClientDecision"
OUT="${OUT:-$ROOT/artifacts/bench/client}"
IDLE_SECONDS="${IDLE_SECONDS:-10}"
DOTNET="${DOTNET:-dotnet}"
RID="${RID:-linux-x64}"
[[ -n "${KUBEBUILDER_ASSETS:-}" ]] || { echo "client-decision: set KUBEBUILDER_ASSETS (tests/envtest/setup.sh prints it)" >&2; exit 2; }
log() { echo "client-decision: $*" >&2; }

rm -rf "$OUT" && mkdir -p "$OUT"

# The control plane: the operator's own local mode (its operator lists nothing of the probes' concern).
log "building the operator for its local control plane"
"$DOTNET" build "$ROOT/src/EcsBridge" -c Release -nologo -clp:ErrorsOnly -o "$OUT/operator" >&2
"$OUT/operator/ecsbridge" run --local --no-node --metrics-bind-address 0 --health-probe-bind-address 0 >"$OUT/plane.log" 2>&1 &
plane=$!
trap 'kill -TERM "$plane" 2>/dev/null; wait "$plane" 2>/dev/null || true' EXIT
deadline=$((SECONDS + 180))
until kubeconfig=$(sed -n 's/^ecsbridge: kubeconfig: //p' "$OUT/plane.log") && [[ -n "$kubeconfig" ]]; do
  kill -0 "$plane" 2>/dev/null || { log "the local control plane exited; see $OUT/plane.log"; exit 1; }
  ((SECONDS < deadline)) || { log "no control plane in 180 s"; exit 1; }
  sleep 0.5
done
field() { sed -n "s/^ *$1: //p" "$kubeconfig" | head -1; }
export KC_SERVER KC_CA KC_CERT KC_KEY
KC_SERVER=$(field server); KC_CA=$(field certificate-authority-data); KC_CERT=$(field client-certificate-data); KC_KEY=$(field client-key-data)

publish() { # probe mode → prints the number of distinct trim/AOT warnings, or "failed"
  local probe=$1 mode=$2 dir="$OUT/$1-$2" flags
  case $mode in
    aot) flags=(-p:PublishAot=true) ;;
    trim-full) flags=(-p:PublishTrimmed=true -p:TrimMode=full) ;;
    trim-partial) flags=(-p:PublishTrimmed=true -p:TrimMode=partial) ;;
  esac
  if "$DOTNET" publish "$HERE/$probe" -c Release -r "$RID" --self-contained -nologo "${flags[@]}" -o "$dir" >"$dir.publish.log" 2>&1; then
    { grep -oE 'warning IL[0-9]{4}[^[]*' "$dir.publish.log" || true; } | sort -u | wc -l
  else
    echo failed
  fi
}

run() { # exe args... → "RSS MB" once idle, or the first line of the failure
  local out="$OUT/run-$RANDOM.log" pid rss
  "$@" >"$out" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 60))
  until grep -q '^ready' "$out"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || true
      # The innermost exception says why (e.g. the MissingMethodException under a YamlException).
      { grep -E '^( ---> )?[A-Za-z.]+Exception' "$out" || echo "exited"; } | tail -1 | sed 's/^ ---> //' | cut -c1-160
      return
    fi
    ((SECONDS < deadline)) || { kill -KILL "$pid"; echo "no answer in 60 s"; return; }
    sleep 0.2
  done
  sleep "$IDLE_SECONDS" # the idle window being measured, not a wait for a condition
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$rss MB ($(sed -n 's/^ready //p' "$out"))"
}

printf '| client | publish | trim/AOT warnings | configuration | RSS after %s s idle, or what happened |\n|---|---|---|---|---|\n' "$IDLE_SECONDS"
for mode in aot trim-full trim-partial; do
  log "publishing both probes: $mode"
  own=$(publish OwnClientProbe "$mode")
  kc=$(publish KubernetesClientProbe "$mode")
  if [[ $own == failed ]]; then own_result="publish failed (see $OUT/OwnClientProbe-$mode.publish.log)"
  else own_result=$(run "$OUT/OwnClientProbe-$mode/OwnClientProbe" kubeconfig "$kubeconfig"); fi
  printf '| EcsBridge.Kubernetes | %s | %s | kubeconfig | %s |\n' "$mode" "$own" "$own_result"
  for config in kubeconfig code; do
    if [[ $kc == failed ]]; then kc_result="publish failed (see $OUT/KubernetesClientProbe-$mode.publish.log)"
    else kc_result=$(run "$OUT/KubernetesClientProbe-$mode/KubernetesClientProbe" "$config" "$kubeconfig"); fi
    printf '| KubernetesClient 21.0.8 | %s | %s | %s | %s |\n' "$mode" "$kc" "$config" "$kc_result"
  done
done

# What the packages offer, read from their assemblies: a watch (Watcher`1 / WatchAsync) and autoscaling/v2beta2 models.
nuget="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
mkdir -p "$OUT/aot-restore"
cat >"$OUT/aot-restore/restore.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="KubernetesClient.Aot" Version="21.0.8" /></ItemGroup>
</Project>
XML
"$DOTNET" restore "$OUT/aot-restore/restore.csproj" -nologo >"$OUT/aot-restore.log" 2>&1 || log "KubernetesClient.Aot did not restore; see $OUT/aot-restore.log"
for pkg in kubernetesclient kubernetesclient.aot; do
  dll=$(find "$nuget/$pkg/21.0.8/lib" -name '*.dll' -path '*net10.0*' 2>/dev/null | head -1)
  [[ -n "$dll" ]] || dll=$(find "$nuget/$pkg/21.0.8/lib" -name '*.dll' 2>/dev/null | sort | tail -1)
  if [[ -z "$dll" ]]; then echo "| $pkg 21.0.8 | not restored here (see $OUT/aot-restore.log) |"; continue; fi
  watch=$(grep -c -a -E 'Watcher`1|WatchAsync' "$dll" || true)
  v2beta2=$(grep -c -a 'V2beta2HorizontalPodAutoscaler' "$dll" || true)
  printf '| %s 21.0.8 | watch types: %s | autoscaling/v2beta2 models: %s |\n' "$pkg" "$([[ $watch -gt 0 ]] && echo yes || echo no)" "$([[ $v2beta2 -gt 0 ]] && echo yes || echo no)"
done
