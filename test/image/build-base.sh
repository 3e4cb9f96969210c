#!/usr/bin/env bash
# Builds a stand-in for the server image's base (node:22-bookworm-slim) where no registry
# can be pulled from: Debian bookworm from Debian's packages (debootstrap), Node 22 and npm
# from the npm registry, a `node` user with uid 1000 as in the official image.
# Usage: build-base.sh <image name> [docker cli]. Does nothing when the image exists
# (the engine's image store is the cache between runs on one machine).
set -euo pipefail
name=${1:?usage: build-base.sh <image name> [docker cli]}
docker=${2:-docker}
if "$docker" image inspect "$name" >/dev/null 2>&1; then
  echo "image-base: $name already built, reused"
  exit 0
fi
for tool in debootstrap npm tar; do
  command -v "$tool" >/dev/null || { echo "image-base: $tool is missing (apt-get install -y debootstrap; npm comes with Node)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# Node 22 (the `node` package fetches the platform binary) and the npm its releases bundle.
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error node@22 npm@10 >/dev/null
install -m 0755 "$work/npm/node_modules/node/bin/node" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$work/npm/node_modules/npm" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | "$docker" import --change 'CMD ["node"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$name" >/dev/null
echo "image-base: built $name"
