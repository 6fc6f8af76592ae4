"""Who is who: bid references, bidder and group names, registration numbers compared as a person reads them.

Two spellings that look the same to a committee member are the same: a reference or a name is compared after
- Unicode compatibility folding (full-width `ＲＥＰＭ－００１` is `REPM-001`),
- dropping invisible and format characters (zero-width spaces, U+2063, U+034F, variation selectors such as U+FE0F,
  the Braille blank U+2800, Hangul fillers such as U+3164, combining marks),
- look-alike letters of other scripts read as the Latin letter they look like (Cyrillic `Е`, Greek `Ο`),
- case, spaces and punctuation ignored;
and a group or bidder name also without its legal form (Ltd, Limited, Pvt, Private, LLP, Inc…) and with `&` read as
`and`. References that differ only by 0/O or 1/l/I are near-duplicates: reported, not merged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# letters of Cyrillic, Greek and other scripts that look like Latin letters (upper and lower case)
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("АΑᎪ", "A"),
        **dict.fromkeys("ВΒᏴ", "B"),
        **dict.fromkeys("СϹᏟ", "C"),
        **dict.fromkeys("ЕΕᎬ", "E"),
        **dict.fromkeys("НΗᎻ", "H"),
        **dict.fromkeys("ІΙӀ", "I"),
        **dict.fromkeys("ЈᎫ", "J"),
        **dict.fromkeys("КΚᏦ", "K"),
        **dict.fromkeys("МΜᎷ", "M"),
        **dict.fromkeys("Ν", "N"),
        **dict.fromkeys("ОΟ", "O"),
        **dict.fromkeys("РΡᏢ", "P"),
        **dict.fromkeys("ЅᏚ", "S"),
        **dict.fromkeys("ТΤᎢ", "T"),
        **dict.fromkeys("ХΧ", "X"),
        **dict.fromkeys("УΥ", "Y"),
        **dict.fromkeys("Ζ", "Z"),
        **dict.fromkeys("а", "a"),
        **dict.fromkeys("сϲ", "c"),
        **dict.fromkeys("е", "e"),
        **dict.fromkeys("һ", "h"),
        **dict.fromkeys("іι", "i"),
        **dict.fromkeys("ј", "j"),
        **dict.fromkeys("оο", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ѕ", "s"),
        **dict.fromkeys("ν", "v"),
        **dict.fromkeys("х", "x"),
        **dict.fromkeys("уγ", "y"),
    }
)
# characters that show nothing (or nothing but space) and are not in the format or mark categories
_BLANKS = frozenset("\u2800\u3164\u115f\u1160\uffa0\u180e\u17b4\u17b5")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Co", "Cn"})
_INVISIBLE_MARKS = frozenset("\u034f\u180b\u180c\u180d\u180f")  # combining grapheme joiner, Mongolian selectors
_NEAR = str.maketrans({"o": "0", "l": "1", "i": "1"})

LEGAL_FORMS = frozenset(
    {
        "ltd",
        "limited",
        "pvt",
        "p",
        "private",
        "llp",
        "opc",
        "inc",
        "incorporated",
        "plc",
        "co",
        "company",
        "corp",
        "corporation",
    }
)


def visible(text: str) -> str:
    """The text a person sees: compatibility-folded, invisible and format characters dropped, look-alikes Latin.
    Marks that show (accents, the vowel signs of Indian scripts) are kept."""
    folded = unicodedata.normalize("NFKC", text)
    if folded.isascii() and folded.isprintable():
        return folded
    kept = "".join(" " if ch in _BLANKS else ch for ch in folded if not _invisible(ch))
    return unicodedata.normalize("NFC", kept.translate(_LOOK_ALIKES))


def _invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return (
        cat in _INVISIBLE_CATEGORIES
        or ch in _INVISIBLE_MARKS
        or "\ufe00" <= ch <= "\ufe0f"
        or ("\U000e0100" <= ch <= "\U000e01ef")
    )


def _words(text: str) -> list[str]:
    """Runs of letters, digits and marks, in any script; everything else separates."""
    return "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text).split()


def ref_key(ref: str) -> str:
    """A bid reference as compared: 'REPM-2026-001', 'repm 2026 001' and 'REPM‑２０２６‑００１' are one reference."""
    return "".join(_words(visible(ref).casefold()))


def near_ref_key(ref: str) -> str:
    """Coarser than `ref_key`: 0 and O, 1, l and I also alike. Equal near keys of different references are
    reported as near-duplicates for the committee to look at."""
    return ref_key(ref).translate(_NEAR)


def name_key(name: str) -> str:
    """A bidder or group name as compared: without case, punctuation or its legal form.

    'Konark Permanent Magnets Pvt. Ltd.' and 'KONARK PERMANENT MAGNETS PRIVATE LIMITED' -> 'konark permanent magnets'.
    """
    words = _words(visible(name).casefold().replace("&", " and "))
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def registration_key(number: str) -> str:
    """A registration number (CIN) as compared: letters and digits only, upper case."""
    return "".join(_words(visible(number))).upper()


def group_keys(
    groups: Sequence[str | None], names: Sequence[str | None], registrations: Sequence[str | None]
) -> list[str | None]:
    """One key per bid for 'one bid per group': bids are one group when their group (or, without one, their bidder
    name) is the same name, when one bid's group is another's bidder name, or when they share a registration
    number, whatever the names."""
    n = len(names)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[tuple[str, str], int] = {}
    own: list[str | None] = []
    for i in range(n):
        group, name, reg = _given(groups[i]), _given(names[i]), _given(registrations[i])
        label = group or name or reg
        own.append(name_key(label) if label else None)
        keys = [("name", k) for k in {own[i], name_key(name) if name else None} if k]
        if reg and registration_key(reg):
            keys.append(("reg", registration_key(reg)))
        for key in sorted(keys):
            if key in first:
                union(i, first[key])
            else:
                first[key] = i
    return [own[find(i)] or own[i] for i in range(n)]


def _given(text: str | None) -> str | None:
    return text if isinstance(text, str) and text.strip() else None
