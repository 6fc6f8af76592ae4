"""The bundled sample evaluation: ten bids in two sealed covers each (technical and financial), the default scheme,
a committee decisions file and the portal's receipt register."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from repm_bids.io.atomic import write_bytes_atomic
from repm_bids.services.resources import resource, resource_path

if TYPE_CHECKING:  # imported where used: the session imports the readers, which this module does not need
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.session import EvaluationSession


SAMPLE_COMMITTEE = "The sample's committee"  # who approves the sample's technical evaluation in sample_session


def sample_bid_dir() -> Path:
    """A real folder holding the sample's technical covers (extracted once if the package is zipped)."""
    return resource_path("samples", "technical")


def sample_price_dir() -> Path:
    """A real folder holding the sample's financial covers, one a bid, named for it."""
    return resource_path("samples", "financial")


def sample_paths() -> list[Path]:
    """The sample's technical covers (the Bid Form, no price), sorted by name."""
    return sorted(p for p in sample_bid_dir().iterdir() if p.suffix == ".xlsx")


def sample_price_paths() -> list[Path]:
    """The sample's financial covers (the Financial Bid sheet alone), sorted by name."""
    return sorted(p for p in sample_price_dir().iterdir() if p.suffix == ".xlsx")


def sample_decisions_path() -> Path:
    return resource_path("samples", "decisions.csv")


def sample_receipts_path() -> Path:
    """The portal's receipt register for the sample: bid reference, bidder, received at."""
    return resource_path("samples", "receipts.csv")


def write_demo(target: Path, *, force: bool = False) -> list[Path]:
    """Write the sample into `target`: technical/ and financial/ (each bid's two covers), scheme.toml,
    decisions.csv and receipts.csv.

    Raises FileExistsError naming the first file that exists with other content unless `force` (a file that is
    the sample's own, unchanged, is left as it is, so that running the quick start again works); never touches
    other files.
    """
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file, not a folder.")
    plan: list[tuple[Path, bytes]] = [(target / "technical" / p.name, p.read_bytes()) for p in sample_paths()]
    plan += [(target / "financial" / p.name, p.read_bytes()) for p in sample_price_paths()]
    plan.append((target / "scheme.toml", resource("scheme.toml").read_bytes()))
    plan.append((target / "decisions.csv", resource("samples", "decisions.csv").read_bytes()))
    plan.append((target / "receipts.csv", resource("samples", "receipts.csv").read_bytes()))
    if not force:
        plan = [(dest, data) for dest, data in plan if not _same(dest, data)]  # the sample already there, unchanged
        for dest, _ in plan:
            if dest.exists():
                raise FileExistsError(f"{dest} exists already")
    for folder in ("technical", "financial"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    for dest, data in plan:
        write_bytes_atomic(dest, data)
    return [dest for dest, _ in plan]


def _same(dest: Path, data: bytes) -> bool:
    try:
        return dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data
    except OSError:
        return False


def sample_session(*, prices: bool = True) -> EvaluationSession:
    """An EvaluationSession with the sample's technical covers imported under the default scheme (two covers) and,
    with `prices`, its technical evaluation approved and the financial covers of the technically qualified bids
    opened: the sample's award."""
    from repm_bids.services.session import EvaluationSession

    session = EvaluationSession()
    session.import_paths(sample_paths())
    if prices:  # the two stages: the technical evaluation approved, then the financial covers opened
        session.approve(SAMPLE_COMMITTEE)
        session.open_prices(sample_price_paths(), by=SAMPLE_COMMITTEE)
    return session


def sample_evaluation() -> Evaluation:
    """The sample evaluated with its prices opened (five awards)."""
    return sample_session().evaluation()
