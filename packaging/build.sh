#!/usr/bin/env bash
# Builds the Linux packages of claimscope into target/dist/:
#   claimscope_<version>-1_<arch>.deb   (cargo-deb; installs /usr/bin/claimscope, the model in
#                                         /usr/lib/claimscope, the desktop file and icons)
#   claimscope-<version>-<target>.tar.gz (runs where unpacked: the binary with models/ beside it)
# Usage: packaging/build.sh            (installs cargo-deb from crates.io if it is missing)
#        packaging/build.sh --debug    (packages the debug build `cargo test` made, quickly
#                                       compressed: what CI installs and starts, to check the
#                                       packages' layout without a second, release build; the
#                                       program is the one the tests ran, built with their
#                                       features, so nothing is compiled again)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
build=(cargo build --release --locked)
deb_flags=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  build=(cargo test --locked --no-run)
  deb_flags=(--profile dev --fast)
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target=$(rustc -vV | sed -n 's/^host: //p')
dist=target/dist
mkdir -p "$dist"

echo "== ${build[*]}"
"${build[@]}"

echo "== .deb"
if ! command -v cargo-deb >/dev/null; then
  cargo install cargo-deb --locked
fi
cargo deb --no-build --locked "${deb_flags[@]}" --output "$dist/"

echo "== .tar.gz"
name="claimscope-$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/models/minilm" "$root/share/applications"
install -m 755 "target/$profile/claimscope" "$root/"
install -m 644 models/minilm/model.safetensors models/minilm/tokenizer.json models/minilm/README.md \
  models/minilm/LICENSE models/minilm/NOTICE "$root/models/minilm/"
install -m 644 packaging/linux/claimscope.desktop "$root/share/applications/"
cp -r packaging/icons "$root/share/icons"
install -m 644 README.md "$root/"
cat > "$root/INSTALL.txt" <<TXT
claimscope $version for $target

Run it where it is unpacked:   ./claimscope            (the workbench, on a sample project)
                               ./claimscope --help     (the command line)
The sentence model is read from models/minilm beside the program.
To add it to your desktop's menu:
  install -Dm755 claimscope ~/.local/bin/claimscope
  mkdir -p ~/.local/lib/claimscope && cp -r models ~/.local/lib/claimscope/
  cp share/applications/claimscope.desktop ~/.local/share/applications/
  cp -r share/icons/hicolor ~/.local/share/icons/
TXT
if [ "$profile" = debug ]; then
  tar -C "$stage" -cf - "$name" | gzip -1 > "$dist/$name.tar.gz"
else
  tar -C "$stage" -czf "$dist/$name.tar.gz" "$name"
fi

ls -l "$dist"
