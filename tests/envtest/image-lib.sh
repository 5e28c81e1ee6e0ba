#!/usr/bin/env bash
# Sourced by node-setup.sh and operator-image.sh: packs a folder into a single-layer image tarball without Docker
# or a registry, reproducibly (sorted tar entries, owner 0, fixed mtimes, no build time in the config), so the
# same folder always gives the same digests. The tarball is a docker-archive (manifest.json, config, one layer),
# which `ctr images import` and `docker load` both read.

# One fixed instant for every timestamp in the images (the Kubernetes 1.20.2 release day).
IMAGE_EPOCH="2021-01-13T00:00:00Z"

# pack_image NAME ROOTFS OUT ENTRYPOINT_JSON CMD_JSON [USER [ENV_JSON]]  (the caller defines log)
#   USER: the config's User ("uid:gid"); ENV_JSON: extra Env entries as a JSON list body ("\"A=1\",\"B=2\"").
pack_image() {
  local name=$1 rootfs=$2 out=$3 entrypoint=$4 cmd=$5 user=${6:-} env=${7:-} tmp layer config extra=""
  tmp="$(mktemp -d)"
  # The layer's "." becomes the container's /, which everyone must be able to traverse (mktemp -d gives 0700).
  chmod 0755 "$rootfs"
  tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime="$IMAGE_EPOCH" -C "$rootfs" -cf "$tmp/layer.tar" .
  layer="$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)"
  mkdir "$tmp/$layer"
  mv "$tmp/layer.tar" "$tmp/$layer/layer.tar"
  [[ -n "$env" ]] && env=",$env"
  [[ -n "$user" ]] && extra=",\"User\":\"$user\""
  printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"%s],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/"%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$IMAGE_EPOCH" "$env" "$entrypoint" "$cmd" "$extra" "$layer" > "$tmp/config.json"
  config="$(sha256sum "$tmp/config.json" | cut -d' ' -f1)"
  mv "$tmp/config.json" "$tmp/$config.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config" "$name" "$layer" > "$tmp/manifest.json"
  touch -d "$IMAGE_EPOCH" "$tmp"/* "$tmp/$layer/layer.tar"
  tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime="$IMAGE_EPOCH" -C "$tmp" \
    -cf "$out.partial" manifest.json "$config.json" "$layer"
  mv "$out.partial" "$out"
  rm -rf "$tmp"
  log "image $name: $out (config sha256:$config)"
}
