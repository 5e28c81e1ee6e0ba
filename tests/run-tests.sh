#!/usr/bin/env bash
# Builds and runs every test project against the local control plane (prepared first when missing), then
# prints one line with the totals over all projects, read from the TRX results: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS="${ECSBRIDGE_TEST_RESULTS:-artifacts/test-results}"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

if ! assets="$(bash tests/envtest/setup.sh | tail -n1)"; then
  echo "envtest: preparing the control-plane binaries failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export KUBEBUILDER_ASSETS="$assets"
# The kubectl setup.sh provided; without one the tests that run kubectl fail and say why.
if kubectl="$(bash tests/envtest/kubectl.sh 2>/dev/null | tail -n1)" && [[ -n "$kubectl" ]]; then
  export ECSBRIDGE_KUBECTL="$kubectl"
fi

dotnet build EcsBridge.sln -c Release -nologo -clp:ErrorsOnly
build_rc=$?
if [[ $build_rc -ne 0 ]]; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

rc=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  # Benchmarks are not tests; `make bench` runs them.
  [[ "$name" == *Benchmarks ]] && continue
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$RESULTS" --blame-hang-timeout 10m ${ECSBRIDGE_TEST_FILTER:+--filter "$ECSBRIDGE_TEST_FILTER"} || rc=1
done

passed=0
failed=0
for trx in "$RESULTS"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if ((failed > 0)) && command -v python3 >/dev/null; then
  python3 tests/failure-digest.py "$RESULTS"/*.trx || true
fi
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # A test host that crashed writes no failures into its TRX; count the crash so CI cannot read green.
  failed=1
fi
echo "$passed passed, $failed failed"
exit $rc
