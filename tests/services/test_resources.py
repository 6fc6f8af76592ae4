"""Every bundled file reaches the wheel and the desktop bundle, and the helper finds it as a real file."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from repm_bids.services.resources import font_files, resource, resource_path

ROOT = Path(__file__).resolve().parents[2]


def _package_data() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]


def test_every_resource_file_is_declared_package_data():
    """A file under resources/ that no pattern names would be missing from an installed wheel."""
    data = _package_data()
    packages = _declared_packages()
    missing = []
    for path in (ROOT / "resources").rglob("*"):
        if path.is_dir() or path.name == "__init__.py" or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ROOT / "resources")
        package = ".".join(["repm_bids", "resources", *rel.parent.parts])
        if package not in packages or not any(fnmatch.fnmatch(rel.name, pat) for pat in data.get(package, [])):
            missing.append(str(rel))
    assert missing == []


def _declared_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["packages"]


def test_resource_path_is_a_real_file_or_folder():
    assert resource_path("samples", "technical").is_dir() and resource_path("samples", "financial").is_dir()
    assert resource_path("scheme.toml").read_bytes() == resource("scheme.toml").read_bytes()


def test_the_shipped_fonts_are_truetype_files_with_their_licence():
    fonts = font_files()
    assert [p.name for p in fonts] == ["NotoSansDevanagari-Bold.ttf", "NotoSansDevanagari-Regular.ttf"]
    for path in fonts:
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # the TrueType signature
    licence = (fonts[0].parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence
