"""The forms a bid security can take, and how a bidder's words for one are read.

GFR 2017 rule 170(i), as amended on 5 August 2022, lets bid security be accepted as an insurance surety bond, an
account payee demand draft, a fixed deposit receipt, a banker's cheque or a bank guarantee (an e-bank guarantee
included) from a commercial bank, or an online payment. The bidding documents name the forms the buyer accepts:
the scheme key `bid_security_forms` (docs/evaluation-rules.md)."""

from __future__ import annotations

import re
import unicodedata

# Each form: its name (as the scheme file and the sentences give it), the words that name it alone, and phrases a
# longer text may contain ("Bank guarantee no. 0042 of State Bank of India").
_FORMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Bank guarantee", ("bg", "ebg", "bankguarantee", "ebankguarantee"), ("bankguarantee",)),
    ("Demand draft", ("dd", "demanddraft", "accountpayeedemanddraft"), ("demanddraft",)),
    ("Fixed deposit receipt", ("fdr", "fd", "fixeddeposit", "fixeddepositreceipt"), ("fixeddeposit",)),
    ("Banker's cheque", ("bankerscheque", "bankercheque", "bankerscheck"), ("bankerscheque", "bankercheque")),
    ("Insurance surety bond", ("isb", "suretybond", "insurancesuretybond"), ("suretybond",)),
    ("Online payment", ("online", "onlinepayment", "epayment", "neft", "rtgs"), ("onlinepayment", "epayment")),
)
SECURITY_FORMS: tuple[str, ...] = tuple(name for name, _, _ in _FORMS)

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def security_form(text: object) -> str | None:
    """The form a text names (one of SECURITY_FORMS), or None when it names none or more than one."""
    if not isinstance(text, str) or not text.strip():
        return None
    norm = _norm(text)
    exact = [name for name, words, _ in _FORMS if norm in words]
    if exact:
        return exact[0]
    found = [name for name, _, phrases in _FORMS if any(p in norm for p in phrases)]
    return found[0] if len(found) == 1 else None
