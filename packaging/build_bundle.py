"""Build the desktop bundle: dist/repm-bids/, one folder that starts the application with no Python installed.

    python packaging/build_bundle.py [--archive]

The same script on Linux, Windows and macOS (run it with the Python 3.11+ of the machine that builds; a bundle runs
only on the kind of system it was built on). It makes its own environment under build/bundle-env, builds the wheel,
installs it there with PyInstaller, and freezes that install, so the bundle carries exactly what the wheel carries.
On Linux it adds the desktop entry, the icon and install-desktop-entry.sh to the folder. With --archive it also
packs the folder (dist/repm-bids-VERSION-SYSTEM-MACHINE.tar.gz on Linux and macOS, .zip on Windows).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
WINDOWS = sys.platform == "win32"


def run(*args: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)  # type: ignore[call-overload]


def env_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if WINDOWS else "bin/python")


def make_env() -> Path:
    env = BUILD / "bundle-env"
    if env.exists():
        shutil.rmtree(env)
    venv.create(env, with_pip=True)
    python = env_python(env)
    run(python, "-m", "pip", "install", "-q", "-r", HERE / "requirements.txt")
    return python


def build_wheel(python: Path) -> Path:
    wheels = BUILD / "bundle-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    quiet = dict(os.environ)
    quiet.pop("PYTHONDONTWRITEBYTECODE", None)  # only makes setuptools say it skips byte-compiling
    run(python, "-m", "build", "--wheel", "--no-isolation", "--outdir", wheels, ROOT, env=quiet)
    (wheel,) = wheels.glob("repm_bids-*.whl")
    run(python, "-m", "pip", "install", "-q", wheel)
    return wheel


def drop_gtk_theme(env: Path) -> None:
    """Qt's GTK 3 theme plugin needs the GTK libraries, which a bundle cannot rely on and need not carry: without
    it the application draws with Qt's own style. Removed from the build environment before freezing."""
    for plugin in env.rglob("libqgtk3.so"):
        if plugin.parent.name == "platformthemes":
            print(f"build_bundle: leaving out {plugin.name} (GTK 3 theme)")
            plugin.unlink()


def freeze(python: Path) -> Path:
    target = DIST / "repm-bids"
    drop_gtk_theme(BUILD / "bundle-env")
    run(
        python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", BUILD / "pyinstaller", HERE / "repm-bids.spec",
        cwd=BUILD,  # not the checkout: its repm_bids/ folder would be frozen instead of the installed wheel
    )  # fmt: skip
    if sys.platform.startswith("linux"):
        for name in ("repm-bids.desktop", "repm-bids.png", "install-desktop-entry.sh"):
            shutil.copy2(HERE / "linux" / name, target / name)
    return target


def archive(folder: Path, version: str) -> Path:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"repm-bids-{version}-{system}-{platform.machine().lower()}"
    made = shutil.make_archive(str(base), "zip" if WINDOWS else "gztar", root_dir=DIST, base_dir=folder.name)
    return Path(made)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="also pack the folder into one file")
    args = parser.parse_args()
    started = time.monotonic()
    python = make_env()
    wheel = build_wheel(python)
    folder = freeze(python)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"build_bundle: {folder} from {wheel.name}: {size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s")
    if args.archive:
        print(f"build_bundle: packed {archive(folder, wheel.name.split('-')[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
