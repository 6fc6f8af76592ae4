"""Numbers written the Indian way for people to read: 3,75,00,00,000 and ₹375 crore."""

from __future__ import annotations

import math

LARGEST_SHOWN = 1e15  # beyond this a figure is described, never printed as 1e+30 or inf


def indian(x: float) -> str:
    """1234567.5 -> '12,34,567.5'; at most 6 decimals, trailing zeros dropped; absurd sizes described."""
    if not math.isfinite(x):
        return "a number too large to use"
    if abs(x) >= LARGEST_SHOWN:
        return f"a {len(str(int(abs(x))))}-digit number"
    sign = "-" if x < 0 else ""
    text = f"{abs(x):.6f}".rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        pairs: list[str] = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        whole = ",".join([head, *pairs, tail]) if head else ",".join([*pairs, tail])
    return sign + whole + ("." + frac if frac else "")


def amount(unit: str | None, x: float) -> str:
    """A figure with its unit, as a committee member writes it: ₹375 crore, ₹1,890/kg, 1,200 MTPA, 51%."""
    if unit == "INR crore":
        return f"₹{indian(x)} crore"
    if unit == "INR/kg":
        return f"₹{indian(x)}/kg"
    if unit == "%":
        return f"{indian(x)}%"
    return f"{indian(x)} {unit}" if unit else indian(x)
