#!/usr/bin/env bash
# Build the desktop bundle (dist/repm-bids/) and try it as a committee member's computer would: an environment with
# no Python variables and only the system's PATH, a working folder whose name has a space and Devanagari, offscreen.
#   bash packaging/check_bundle.sh            (CI runs this; the bundle stays in dist/, which git ignores)
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/repm-bids bundle check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

if ! python3 "$src/packaging/build_bundle.py" >"$work/build.log" 2>&1; then
  cat "$work/build.log"; echo "check_bundle: the build failed" >&2; exit 1
fi
# not warnings: the commands echoed (+), the files setuptools copies and adds (errors.py, warning.svg), and pip's
# note that this machine's pip configuration names package folders that do not exist
if grep -i -E 'warn|error|traceback|deprecat' "$work/build.log" |
  grep -v -E "^(\+ |copying |adding '|WARNING: Location '[^']*' is ignored)"; then
  echo "check_bundle: the build printed the warnings above" >&2; exit 1
fi
grep '^build_bundle:' "$work/build.log"
bundle="$src/dist/repm-bids"
echo "check_bundle: built in $((SECONDS - started)) s; $(du -sh "$bundle" | cut -f1) on disk"

if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$bundle/repm-bids.desktop"; fi
mkdir -p "$work/बोली फ़ाइलें/home"
cd "$work/बोली फ़ाइलें"
plain=(env -i "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "HOME=$work/बोली फ़ाइलें/home")
XDG_DATA_HOME="$work/menu" sh "$bundle/install-desktop-entry.sh"
grep -q "^Exec=\"$bundle/repm-bids\" gui %F$" "$work/menu/applications/repm-bids.desktop"
"${plain[@]}" "$bundle/repm-bids" --version
"${plain[@]}" "$bundle/repm-bids" demo demo >/dev/null
"${plain[@]}" "$bundle/repm-bids" evaluate demo/technical --scheme demo/scheme.toml --decisions demo/decisions.csv \
  --prices demo/financial --out award.xlsx --json result.json --quiet >summary.txt
test -s award.xlsx
python3 -c 'import json, sys; assert len(json.load(open(sys.argv[1]))["bids"]) == 10' result.json  # the host reads it
head -2 summary.txt
"${plain[@]}" QT_QPA_PLATFORM=offscreen "$bundle/repm-bids" --smoke
echo "check_bundle: the bundle works with no Python ($((SECONDS - started)) s in all)"
