#!/usr/bin/env bash
# Prepares what a local node needs besides the control plane (called by setup.sh; also runs on its own):
#  - kubelet, kube-scheduler and kube-proxy, built from the same patched Kubernetes source tree as kube-apiserver;
#  - Debian's containerd, runc, CNI plugins, iptables, conntrack and busybox-static;
#  - two images as docker-archive tarballs, made here because no registry may be reachable:
#    ecsbridge.local/pause:3.4 (the source tree's build/pause/linux/pause.c, compiled statically) and
#    ecsbridge.local/busybox:1 (Debian's static busybox with its applet links).
# Everything lands in the assets folder next to kube-apiserver (images/ for the tarballs) and is cached. The images
# are reproducible: sorted tar entries, fixed owners and mtimes, no build time in the config, so a rebuild gives
# the same digests. Prints the assets folder on its last line of stdout.
set -euo pipefail

K8S_VERSION="${ECSBRIDGE_K8S_VERSION:-1.20.2}"
CACHE_ROOT="${ECSBRIDGE_ENVTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecsbridge/envtest}"
ASSETS="$CACHE_ROOT/k8s-$K8S_VERSION"
WORK="$CACHE_ROOT/build-$K8S_VERSION"
IMAGES="$ASSETS/images"

log() { echo "node-setup: $*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

# --- Debian packages ---------------------------------------------------------------------------------------
need_pkgs=()
command -v containerd >/dev/null || need_pkgs+=(containerd)
[[ -x /usr/sbin/runc ]] || need_pkgs+=(runc)
[[ -x /usr/lib/cni/bridge ]] || need_pkgs+=(containernetworking-plugins)
command -v iptables >/dev/null || need_pkgs+=(iptables)
command -v conntrack >/dev/null || need_pkgs+=(conntrack)
command -v nft >/dev/null || need_pkgs+=(nftables)
[[ -x /bin/busybox ]] || need_pkgs+=(busybox-static)
command -v gcc >/dev/null || need_pkgs+=(gcc libc6-dev)
# The Argo CD health check (config/argocd/ecsbridge-health.lua) is tested with Debian's Lua 5.1.
command -v lua5.1 >/dev/null || need_pkgs+=(lua5.1)
if ((${#need_pkgs[@]})); then
  log "installing Debian packages: ${need_pkgs[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
fi

# --- kubelet, kube-scheduler, kube-proxy ------------------------------------------------------------------
SRC_DIR="$(find "$WORK/" -maxdepth 1 -type d -name "kubernetes-*" | head -n1 || true)"
if [[ -z "$SRC_DIR" ]]; then
  log "no Kubernetes source tree under $WORK; run tests/envtest/setup.sh first"
  exit 1
fi
what=()
for target in kubelet kube-scheduler kube-proxy; do
  [[ -x "$ASSETS/$target" ]] || what+=("cmd/$target")
done
if ((${#what[@]})); then
  log "building ${what[*]} (5-9 minutes on 2 cores; Go's cache from kube-apiserver is reused)"
  (cd "$SRC_DIR" && CGO_ENABLED=0 GOFLAGS=-mod=vendor KUBE_VERBOSE=0 nice -n 19 make WHAT="${what[*]}" >&2)
  for target in kubelet kube-scheduler kube-proxy; do
    bin="$SRC_DIR/_output/local/bin/linux/amd64/$target"
    [[ -x "$bin" ]] || bin="$(find "$SRC_DIR/_output" -type f -name "$target" -perm -u+x | head -n1)"
    install -m 0755 "$bin" "$ASSETS/$target"
  done
fi

# --- images ------------------------------------------------------------------------------------------------
# pack_image: tests/envtest/image-lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/image-lib.sh"

mkdir -p "$IMAGES"
umask 022
if [[ ! -f "$IMAGES/pause.tar" || ! -f "$IMAGES/busybox.tar" ]]; then
  ROOTS="$(mktemp -d)"
  trap 'rm -rf "$ROOTS"' EXIT
  mkdir -p "$ROOTS/pause" "$ROOTS/busybox"
  # Upstream's flags for the pause binary; no debug info, so no build path ends up in it.
  gcc -Os -Wall -Werror -static -s -DVERSION=v3.4-ecsbridge -o "$ROOTS/pause/pause" "$SRC_DIR/build/pause/linux/pause.c"
  pack_image ecsbridge.local/pause:3.4 "$ROOTS/pause" "$IMAGES/pause.tar" '["/pause"]' 'null'

  (
    cd "$ROOTS/busybox"
    mkdir -p bin etc tmp root www
    chmod 1777 tmp
    install -m 0755 /bin/busybox bin/busybox
    for applet in $(bin/busybox --list); do
      [[ "$applet" == busybox ]] || ln -s busybox "bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > etc/passwd
    printf 'root:x:0:\nnogroup:x:65534:\n' > etc/group
    echo 'ecsbridge.local/busybox:1' > www/index.html
  )
  pack_image ecsbridge.local/busybox:1 "$ROOTS/busybox" "$IMAGES/busybox.tar" 'null' '["sh"]'
fi

log "node binaries and images ready in $ASSETS"
echo "$ASSETS"
