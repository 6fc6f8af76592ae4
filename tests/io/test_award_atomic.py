"""The award workbook is written whole or not at all; an unwritable target gives a sentence, not a traceback."""

from __future__ import annotations

import os

import pytest

import repm_bids.io.award_workbook as award_workbook
from repm_bids.io.atomic import WriteFailed
from repm_bids.io.award_workbook import write_award_workbook
from tests.io.test_award_helpers import sample_evaluation

OLD = b"the award workbook signed yesterday"


@pytest.fixture(scope="module")
def evaluation():
    return sample_evaluation()


def test_failure_mid_write_leaves_the_old_file_byte_identical(tmp_path, evaluation, monkeypatch):
    target = tmp_path / "award.xlsx"
    target.write_bytes(OLD)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full while laying out the Checks sheet")

    monkeypatch.setattr(award_workbook, "build_checks", boom)
    with pytest.raises(RuntimeError):
        write_award_workbook(evaluation, target)
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["award.xlsx"]  # no temporary file left beside it


def test_failure_while_saving_the_zip_leaves_the_old_file(tmp_path, evaluation, monkeypatch):
    import zipfile

    target = tmp_path / "award.xlsx"
    target.write_bytes(OLD)
    real_write = zipfile.ZipFile.write

    def disk_full(self, filename, arcname=None, *args, **kwargs):
        if str(arcname).startswith("xl/charts/"):
            raise OSError(28, "No space left on device")
        return real_write(self, filename, arcname, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    with pytest.raises(WriteFailed, match="the disk is full"):  # a sentence with the reason, not a fault
        write_award_workbook(evaluation, target)
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["award.xlsx"]


def test_target_is_a_folder(tmp_path, evaluation):
    folder = tmp_path / "award.xlsx"
    folder.mkdir()
    with pytest.raises(WriteFailed, match="it is a folder"):
        write_award_workbook(evaluation, folder)
    assert folder.is_dir() and not any(folder.iterdir())


def test_missing_folder(tmp_path, evaluation):
    with pytest.raises(WriteFailed, match="does not exist"):
        write_award_workbook(evaluation, tmp_path / "no such folder" / "award.xlsx")


def test_read_only_directory(tmp_path, evaluation, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "award.xlsx"
    target.write_bytes(OLD)
    folder.chmod(0o500)
    if os.name != "posix" or os.geteuid() == 0:
        # root (as in CI) ignores directory permissions: make the system answer as it answers everyone else
        import repm_bids.io.atomic as atomic

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    try:
        with pytest.raises(WriteFailed, match="permission denied"):
            write_award_workbook(evaluation, target)
    finally:
        folder.chmod(0o700)
    assert target.read_bytes() == OLD


def test_file_open_in_excel(tmp_path, evaluation, monkeypatch):
    """On Windows a workbook open in Excel cannot be replaced: os.replace raises PermissionError."""
    import repm_bids.io.atomic as atomic

    target = tmp_path / "award.xlsx"
    target.write_bytes(OLD)
    real_replace = os.replace

    def locked(src, dst):
        if os.fspath(dst) == os.fspath(target):
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(WriteFailed, match="open in Excel"):
        write_award_workbook(evaluation, target)
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["award.xlsx"]


def test_a_new_file_replaces_the_old_one_whole(tmp_path, evaluation):
    target = tmp_path / "award.xlsx"
    target.write_bytes(OLD)
    write_award_workbook(evaluation, target)
    assert target.read_bytes()[:2] == b"PK"
    assert os.listdir(tmp_path) == ["award.xlsx"]
