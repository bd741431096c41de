#!/usr/bin/env bash
# Regenerate docs/screenshots/*.png by driving the real app under a virtual X display (Xvfb).
# Installs xvfb (and the two xcb libraries Qt needs) when run as root and they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
for lib in libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0; do
  dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "install ok installed" || need+=("$lib")
done
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "screenshots: installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "screenshots: please install: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
DISPLAY="$display" QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots.py "$@"
# The same laptop screen at 125 % and 200 %: first run, the wizard, the export and hand-over dialogs
# must fit, buttons in view (issue 15 item 7): docs/screenshots/fit-125-*.png, fit-200-*.png
for scale in 125 200; do
  DISPLAY="$display" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR="$(echo "$scale" | sed 's/..$/.&/')" \
    .venv/bin/python scripts/screenshots.py --fit "fit-$scale"
done
