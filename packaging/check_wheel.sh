#!/usr/bin/env bash
# Build the wheel and the sdist and fail on any build warning; install the wheel into a fresh environment outside
# the source tree and use it there as a committee member would: template, demo, evaluate, the application.
#   bash packaging/check_wheel.sh            (CI runs this; leaves nothing behind but what it prints)
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/repm-bids wheel check.XXXXXX")"  # a space in the path, on purpose
trap 'rm -rf "$work"' EXIT
started=$SECONDS

python3 -m venv "$work/build-env"
"$work/build-env/bin/python" -m pip install -q build 'setuptools>=77' wheel
# PYTHONDONTWRITEBYTECODE, set on some machines, only makes setuptools say it skips byte-compiling
if ! env -u PYTHONDONTWRITEBYTECODE "$work/build-env/bin/python" -m build --no-isolation --outdir "$work/dist" "$src" \
    >"$work/build.log" 2>&1; then
  cat "$work/build.log"; echo "check_wheel: the build failed" >&2; exit 1
fi
if grep -i -E 'warn|error|traceback|deprecat' "$work/build.log" | grep -v -E "^(copying |adding ')"; then
  echo "check_wheel: the build printed the warnings above" >&2; exit 1
fi
wheel=("$work"/dist/repm_bids-*.whl)
echo "check_wheel: built $(basename "${wheel[0]}") and $(cd "$work/dist" && ls ./*.tar.gz | xargs -n1 basename), no warnings"

python3 -m venv "$work/env"
"$work/env/bin/python" -m pip install -q "${wheel[0]}"
mkdir "$work/उपयोग"  # run from a folder outside the source tree, with a non-Latin name
cd "$work/उपयोग"
bin="$work/env/bin"
"$bin/python" - "$work/env" <<'PY'
import sys
import repm_bids
assert repm_bids.__file__.startswith(sys.argv[1]), f"repm_bids was imported from {repm_bids.__file__}"
PY
"$bin/repm-bids" --version
"$bin/repm-bids" template "blank covers"
"$bin/repm-bids" template "bid form.xlsx"
"$bin/repm-bids" scheme scheme.toml
"$bin/repm-bids" demo demo
"$bin/repm-bids" evaluate demo/technical --scheme demo/scheme.toml --decisions demo/decisions.csv \
  --prices demo/financial --out award.xlsx --json result.json --quiet >summary.txt
"$bin/python" - <<'PY'
import json
from pathlib import Path
result = json.loads(Path("result.json").read_text(encoding="utf-8"))
assert len(result["bids"]) == 10, len(result["bids"])
assert result["stage"] == "prices_opened" and result["summary"]["beneficiaries"] == 5, result["summary"]
assert Path("award.xlsx").stat().st_size > 0 and Path("bid form.xlsx").stat().st_size > 0
assert all(Path("blank covers", n).stat().st_size > 0 for n in ("technical-cover.xlsx", "financial-cover.xlsx"))
PY
head -3 summary.txt
mkdir "$work/home"  # the application keeps its settings and log in a home of its own here
HOME="$work/home" QT_QPA_PLATFORM=offscreen "$bin/python" -m repm_bids.gui.smoke
echo "check_wheel: the installed wheel works outside the source tree ($((SECONDS - started)) s)"
