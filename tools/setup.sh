#!/usr/bin/env bash
# Install what repm-bids needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# the system libraries Qt needs, a virtual environment in .venv, and the package.
#   bash tools/setup.sh          the application
#   bash tools/setup.sh --test   also the test tools, LibreOffice and poppler (the award workbook's PDF test) and
#                                desktop-file-utils (the desktop bundle's check)
set -euo pipefail
cd "$(dirname "$0")/.."
test_extra=""
[ "${1:-}" = "--test" ] && test_extra=1

pkgs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0
      libxcb-xinerama0 fonts-dejavu-core fonts-noto-core)
[ -n "$test_extra" ] && pkgs+=(libreoffice-calc-nogui poppler-utils xvfb fonts-crosextra-carlito desktop-file-utils)

missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages (as root): ${missing[*]}" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ -n "$test_extra" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Installed into .venv"
