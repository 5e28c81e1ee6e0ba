#!/usr/bin/env bash
# Provides the kubectl the tests run (`kubectl kustomize` and `kubectl apply --server-side -k config/default`) and
# prints its path on the last line of stdout. Called by setup.sh and tests/run-tests.sh, which exports the path to
# the tests as ECSBRIDGE_KUBECTL.
#
# Order: ECSBRIDGE_KUBECTL when set; kubectl on PATH; the copy cached by an earlier run; else Debian's `kubectl`
# package, downloaded through a private apt configuration and unpacked into the cache (the system's packages and
# apt sources are left alone). config/default uses kustomize's `labels` field, which needs kubectl 1.22 or newer
# (kustomize v4.1+), so bookworm's kubernetes-client (1.20) will not do, nor a kubectl built from the 1.20 source
# setup.sh builds; trixie's package (1.32) runs on bookworm (it needs glibc 2.34).
set -euo pipefail

MIN_MINOR=22
CACHE_ROOT="${ECSBRIDGE_ENVTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecsbridge/envtest}"
CACHED="$CACHE_ROOT/kubectl/kubectl"
SUITE="${ECSBRIDGE_KUBECTL_SUITE:-trixie}"

log() { echo "envtest: $*" >&2; }

# The client's minor version (digits only: some builds report "32+"), or 0 when it does not run.
minor_of() {
  "$1" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n1 | grep . || echo 0
}

usable() {
  [[ -x "$1" ]] && (($(minor_of "$1") >= MIN_MINOR))
}

if [[ -n "${ECSBRIDGE_KUBECTL:-}" ]]; then
  if usable "$ECSBRIDGE_KUBECTL"; then
    echo "$ECSBRIDGE_KUBECTL"
    exit 0
  fi
  log "ECSBRIDGE_KUBECTL=$ECSBRIDGE_KUBECTL is not an executable kubectl 1.$MIN_MINOR or newer"
  exit 1
fi

if on_path="$(command -v kubectl)" && usable "$on_path"; then
  echo "$on_path"
  exit 0
fi
if usable "$CACHED"; then
  echo "$CACHED"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
WORK="$CACHE_ROOT/kubectl-download"
APT_DIR="$WORK/apt"
rm -rf "$WORK"
mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/lists/partial" "$(dirname "$CACHED")"
# The first deb822 stanza that serves bookworm's main suite, pointed at $SUITE (same mirror, same keyring).
awk -v RS= -v ORS='\n\n' -v suite="$SUITE" '/Suites:[^\n]*bookworm( |\n|$)/ && !done {
    n = split($0, lines, "\n"); out = "";
    for (i = 1; i <= n; i++) {
      if (lines[i] ~ /^#/) continue;
      if (lines[i] ~ /^Types:/) lines[i] = "Types: deb";
      if (lines[i] ~ /^Suites:/) lines[i] = "Suites: " suite;
      out = out lines[i] "\n";
    }
    print out; done = 1 }' /etc/apt/sources.list.d/debian.sources > "$APT_DIR/sources.list.d/ecsbridge-kubectl.sources"
if ! grep -q '^URIs:' "$APT_DIR/sources.list.d/ecsbridge-kubectl.sources"; then
  log "no kubectl 1.$MIN_MINOR+ found, and no apt source to derive a $SUITE entry from (/etc/apt/sources.list.d/debian.sources)"
  exit 1
fi
# An empty dpkg status: a kubectl installed from elsewhere (a higher epoch) must not become the candidate.
APT_OPTS=(-oDir::Etc::SourceList=/dev/null "-oDir::Etc::SourceParts=$APT_DIR/sources.list.d"
          "-oDir::State::Lists=$APT_DIR/lists" -oDir::State::status=/dev/null -oAPT::Sandbox::User=root -qq)
log "no kubectl 1.$MIN_MINOR+ found: fetching Debian $SUITE's kubectl package"
$SUDO apt-get "${APT_OPTS[@]}" update >&2
(cd "$WORK" && $SUDO apt-get "${APT_OPTS[@]}" download kubectl >&2)
deb="$(find "$WORK" -maxdepth 1 -name 'kubectl_*.deb' | head -n1)"
if [[ -z "$deb" ]]; then
  log "Debian $SUITE has no kubectl package"
  exit 1
fi
dpkg-deb -x "$deb" "$WORK/root"
install -m 0755 "$WORK/root/usr/bin/kubectl" "$CACHED"
rm -rf "$WORK"
if ! usable "$CACHED"; then
  log "the downloaded kubectl does not run or is older than 1.$MIN_MINOR"
  exit 1
fi
log "kubectl 1.$(minor_of "$CACHED") ready: $CACHED"
echo "$CACHED"
