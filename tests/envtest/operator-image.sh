#!/usr/bin/env bash
# Builds the operator's image without Docker or a registry, for the local node (`make image-local`; the
# in-cluster node test runs it too): `make publish` (Native AOT linux-x64, as the
# Dockerfile), then one layer holding /app (the published files), the shared libraries they load taken from this
# host (ldd of the executable and its native libraries, plus the OpenSSL that .NET opens at run time; globalization
# is invariant, so no ICU), /etc/passwd and /etc/group with the non-root user 65532 and an empty /tmp. The config
# runs `/app/ecsbridge run` as 65532:65532, like the Dockerfile's chiseled runtime-deps image.
#
#   tests/envtest/operator-image.sh [OUT]   (default artifacts/images/ecsbridge.tar)
#
# The tarball is reproducible for a given publish output and host libraries (see image-lib.sh). Load it into the
# local node with `ctr -a <node>/containerd/containerd.sock -n k8s.io images import OUT`. Prints OUT on its last
# line of stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/artifacts/images/ecsbridge.tar}"
NAME="${ECSBRIDGE_LOCAL_IMAGE:-ecsbridge.local/ecsbridge:dev}"
PUBLISH_DIR="${PUBLISH_DIR:-$ROOT/artifacts/publish/linux-x64}"

log() { echo "operator-image: $*" >&2; }
fail() { log "$*"; exit 1; }

source "$ROOT/tests/envtest/image-lib.sh"

for tool in make dotnet ldd ldconfig tar sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool not found: this script needs it"
done
[[ "$(uname -m)" == x86_64 ]] || fail "the image is linux-x64 and takes its libraries from this host, which is $(uname -m)"

# Native AOT links with clang against zlib (Microsoft's documented prerequisites); install them when missing.
if ! compgen -c clang | grep -qE '^clang(-[0-9]+)?$' || [[ ! -e /usr/include/zlib.h ]]; then
  [[ $(id -u) -eq 0 ]] || fail "the Native AOT publish needs clang and zlib1g-dev: apt-get install clang zlib1g-dev"
  log "installing clang and zlib1g-dev for the Native AOT publish"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >&2
fi

log "publishing the operator into $PUBLISH_DIR (make publish)"
make -C "$ROOT" --no-print-directory publish PUBLISH_DIR="$PUBLISH_DIR" >&2
[[ -x "$PUBLISH_DIR/ecsbridge" ]] || fail "make publish left no $PUBLISH_DIR/ecsbridge"

ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT
umask 022
mkdir -p "$ROOTFS/app" "$ROOTFS/etc" "$ROOTFS/tmp"
# The executable and what it loads; debug symbols (.dbg, .pdb) stay out of the image.
find "$PUBLISH_DIR" -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' -exec cp {} "$ROOTFS/app/" \;
chmod -R u=rwX,go=rX "$ROOTFS/app"
chmod 1777 "$ROOTFS/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$ROOTFS/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$ROOTFS/etc/group"

# OpenSSL is dlopen()ed by System.Security.Cryptography.Native.OpenSsl, so ldd of the shim does not list it.
openssl=()
for soname in libssl.so.3 libcrypto.so.3; do
  path="$(ldconfig -p | awk -v n="$soname" '$1 == n && /x86-64/ { print $NF; exit }')"
  [[ -n "$path" ]] || fail "$soname not found on this host (Debian: apt-get install libssl3); .NET needs it for TLS"
  openssl+=("$path")
done
# Every library at the path the host's loader reports (the interpreter at /lib64, the rest in the multiarch
# folder the loader searches by default), copied as a regular file under its soname.
shopt -s nullglob
deps="$( { for f in "$ROOTFS/app/ecsbridge" "$ROOTFS"/app/*.so "${openssl[@]}"; do ldd "$f"; done; printf '%s\n' "${openssl[@]}"; } )"
# LTTng is optional: the runtime loads its trace provider only when that library is there (as in Microsoft's images).
missing="$(awk '$3 == "not" { print $1 }' <<<"$deps" | grep -v '^liblttng-ust\.so' | sort -u || true)"
[[ -z "$missing" ]] || fail "libraries the operator needs are missing on this host: $(echo $missing)"
libs="$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$deps" | grep -v "^$ROOTFS/" | sort -u)"
for lib in $libs; do
  mkdir -p "$ROOTFS$(dirname "$lib")"
  cp -L "$lib" "$ROOTFS$lib"
  chmod 0755 "$ROOTFS$lib"
done
log "libraries from the host: $(echo $libs)"

mkdir -p "$(dirname "$OUT")"
# The Dockerfile's environment: workstation GC, no heap affinity.
pack_image "$NAME" "$ROOTFS" "$OUT" '["/app/ecsbridge"]' '["run"]' '65532:65532' '"DOTNET_gcServer=0","DOTNET_GCHeapAffinitizeMask=0"'
echo "$OUT"
