#!/bin/sh
# Add repm-bids to this user's application menu (no root needed): the menu entry points at the program in this
# folder, wherever the folder was unpacked. Run again after moving the folder; --remove takes the entry away.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data/applications"
icons="$data/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/repm-bids.desktop" "$icons/repm-bids.png"
  echo "Removed repm-bids from the application menu."
  exit 0
fi
case "$here" in
  *[\"\`\$\\%]*)
    echo "The folder name $here holds a character that a menu entry cannot quote (\" \` \$ \\ %)." >&2
    echo "Move the folder to a plainer name and run this again." >&2
    exit 2 ;;
esac
mkdir -p "$apps" "$icons"
cp "$here/repm-bids.png" "$icons/repm-bids.png"
{
  grep -v '^Exec=' "$here/repm-bids.desktop"
  printf 'Exec="%s" gui %%F\n' "$here/repm-bids"  # quoted: the folder name may hold spaces
} >"$apps/repm-bids.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$apps" || true; fi
echo "repm-bids is in the application menu (Office); the entry starts $here/repm-bids"
