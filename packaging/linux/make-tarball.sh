#!/usr/bin/env bash
# The Linux download: bash packaging/linux/make-tarball.sh [DIST_DIR] [OUT_DIR]
# DIST_DIR is the frozen app folder (default dist/misuse-responder); the tarball goes to
# OUT_DIR (default dist/) as misuse-responder-<version>-linux-x86_64.tar.gz, holding one folder
# of the same name: the app, install.sh beside it, the menu icon and INSTALL.txt.
#
# Reproducible as far as tar and gzip go: names sorted, every mtime set to the last commit's
# time (or SOURCE_DATE_EPOCH), owner root:root by number, no gzip timestamp. Two runs over the
# same folder give the same bytes; PyInstaller's own output is not byte-for-byte reproducible.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dist=${1:-$repo/dist/misuse-responder}
out_dir=${2:-$repo/dist}
exe="$dist/misuse-responder"
if [ ! -x "$exe" ]; then
  echo "make-tarball: no frozen app at $dist (build it first: bash packaging/build.sh)" >&2
  exit 1
fi
dist=$(cd "$dist" && pwd)
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

# The version the frozen app reports (so the name matches what is inside), else pyproject's.
version=$(env -i PATH=/usr/bin:/bin HOME=/nonexistent "$exe" --version 2>/dev/null |
  grep -oE '[0-9]+\.[0-9]+\.[0-9]+([a-z0-9.+-]*[0-9a-z])?' | head -1 || true)
if [ -z "$version" ]; then
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -1)
fi
arch=$(uname -m)
name="misuse-responder-$version-linux-$arch"
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)}

stage=$(mktemp -d "$out_dir/.tarball.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -a "$dist" "$stage/$name"
install -m 0755 "$repo/packaging/linux/install.sh" "$stage/$name/install.sh"
install -m 0644 "$repo/resources/icons/misuse-responder.svg" "$stage/$name/misuse-responder.svg"
cat >"$stage/$name/INSTALL.txt" <<EOF
Misuse Responder $version for Linux ($arch)

Install for yourself (no administrator rights needed):

    ./install.sh

This puts the app in ~/.local/opt/misuse-responder, adds it to your applications menu and
makes the command ~/.local/bin/misuse-responder. Your cases are kept separately, in
~/.local/share/MisuseResponder, encrypted.

To remove the app (your cases are kept):   ~/.local/opt/misuse-responder/install.sh --uninstall
To remove the app and delete every case:   ~/.local/opt/misuse-responder/install.sh --uninstall --remove-data

You can also run the app from this folder without installing it: ./misuse-responder
EOF
chmod -R u+rwX,go+rX,go-w "$stage/$name"

tarball="$out_dir/$name.tar.gz"
tar --format=gnu --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - "$name" | gzip -n -6 >"$tarball.part"
mv "$tarball.part" "$tarball"
echo "make-tarball: $tarball ($(du -h "$tarball" | cut -f1); unpacked $(du -sh "$stage/$name" | cut -f1))"
