#!/usr/bin/env bash
# Installs the packages packaging/build.sh made into clean folders and starts them: the command
# line on the sample project (its model found where the package put it), and the workbench under
# Xvfb until its first frame is on the screen. Needs xvfb (xvfb-run), dpkg-deb and, to check the
# desktop file, desktop-file-validate. With --system (as root) it also installs the .deb with apt
# and runs the installed `claimscope` from PATH.
# Usage: packaging/smoke.sh [--system]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
dist=$repo/target/dist
deb=$(ls -t "$dist"/claimscope_*.deb | head -1)
tarball=$(ls -t "$dist"/claimscope-*.tar.gz | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }

for tool in xvfb-run dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install xvfb dpkg)"
done

# A project to work on, away from the source tree (the program must not rely on it).
cp "$repo/projects/soleimani.ron" "$work/sample.ron"
# No settings from this machine's user: a fresh HOME.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
# Nothing outside the package may provide the model.
unset CLAIMSCOPE_MODEL_DIR

check() { # check <claimscope binary> <what>
  local exe=$1 what=$2
  echo "== $what: $exe"
  "$exe" --version | grep -q "claimscope" || fail "$what: --version"
  "$exe" stats "$work/sample.ron" > "$work/stats.txt" || fail "$what: stats"
  grep -q "88 annotations" "$work/stats.txt" || fail "$what: stats does not count the sample's 88 annotations"
  # Meaning: the model must be found where the package put it (no cache beside the copy).
  rm -f "$work/sample.ron.embeddings"
  "$exe" similar "$work/sample.ron" --doc d6 --quote "self-defence" --occurrence 1 --mode semantic --top 3 > "$work/similar.txt" 2>"$work/similar.err" \
    || { cat "$work/similar.err"; fail "$what: semantic search (the model)"; }
  [ -s "$work/similar.txt" ] || fail "$what: semantic search found nothing"
  # The workbench: a window under Xvfb, closed by itself once its first frame is shown.
  CLAIMSCOPE_STARTUP_PROBE=1 timeout 120 xvfb-run -a -s "-screen 0 1360x860x24" "$exe" "$work/sample.ron" 2> "$work/gui.err" \
    || { cat "$work/gui.err"; fail "$what: the workbench did not start"; }
  grep -q "first frame after" "$work/gui.err" || { cat "$work/gui.err"; fail "$what: no first frame"; }
  echo "   $(grep 'first frame after' "$work/gui.err")"
}

# The .deb, unpacked into a clean root.
root="$work/deb-root"
dpkg-deb -x "$deb" "$root"
dpkg-deb -f "$deb" Package Version Depends
for f in usr/bin/claimscope usr/lib/claimscope/models/minilm/model.safetensors usr/share/applications/claimscope.desktop \
  usr/share/icons/hicolor/48x48/apps/claimscope.png usr/share/icons/hicolor/256x256/apps/claimscope.png; do
  [ -e "$root/$f" ] || fail ".deb lacks $f"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/claimscope.desktop" || fail "desktop file"
fi
check "$root/usr/bin/claimscope" ".deb in a clean folder"

# The .tar.gz, unpacked where it lands.
tar -C "$work" -xzf "$tarball"
unpacked=$(ls -d "$work"/claimscope-*/ | head -1)
check "$unpacked/claimscope" ".tar.gz unpacked"

if [ "${1:-}" = "--system" ]; then
  apt-get install -y -q "$deb" > "$work/apt.log" 2>&1 || { tail "$work/apt.log"; fail "apt install"; }
  check "$(command -v claimscope)" ".deb installed with apt"
fi
echo "SMOKE OK"
