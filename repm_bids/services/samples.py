"""The bundled sample evaluation: ten bid forms, the default scheme and a committee decisions file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from repm_bids.io.atomic import write_bytes_atomic
from repm_bids.services.resources import resource, resource_path

if TYPE_CHECKING:  # imported where used: the session imports the readers, which this module does not need
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.session import EvaluationSession


def sample_bid_dir() -> Path:
    """A real folder holding the sample bid forms (extracted once if the package is zipped)."""
    return resource_path("samples", "bids")


def sample_paths() -> list[Path]:
    """The sample bid forms, sorted by name."""
    return sorted(p for p in sample_bid_dir().iterdir() if p.suffix == ".xlsx")


def sample_decisions_path() -> Path:
    return resource_path("samples", "decisions.csv")


def write_demo(target: Path, *, force: bool = False) -> list[Path]:
    """Write the sample into `target`: bids/ (the forms), scheme.toml and decisions.csv.

    Raises FileExistsError naming the first file that exists with other content unless `force` (a file that is
    the sample's own, unchanged, is left as it is, so that running the quick start again works); never touches
    other files.
    """
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file, not a folder.")
    plan: list[tuple[Path, bytes]] = [(target / "bids" / p.name, p.read_bytes()) for p in sample_paths()]
    plan.append((target / "scheme.toml", resource("scheme.toml").read_bytes()))
    plan.append((target / "decisions.csv", resource("samples", "decisions.csv").read_bytes()))
    if not force:
        plan = [(dest, data) for dest, data in plan if not _same(dest, data)]  # the sample already there, unchanged
        for dest, _ in plan:
            if dest.exists():
                raise FileExistsError(f"{dest} exists already")
    (target / "bids").mkdir(parents=True, exist_ok=True)
    for dest, data in plan:
        write_bytes_atomic(dest, data)
    return [dest for dest, _ in plan]


def _same(dest: Path, data: bytes) -> bool:
    try:
        return dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data
    except OSError:
        return False


def sample_session() -> EvaluationSession:
    """An EvaluationSession with the sample bids imported under the default scheme."""
    from repm_bids.services.session import EvaluationSession

    session = EvaluationSession()
    session.import_paths(sample_paths())
    return session


def sample_evaluation() -> Evaluation:
    return sample_session().evaluation()
