"""Figures as the reading sentences show them: 3,75,00,00,000, ₹375 crore, with only the decimals written."""

from __future__ import annotations

import math

from .indian import group_digits

LARGEST_SHOWN = 1e15  # beyond this a figure is described, never printed as 1e+30 or inf


def indian(x: float) -> str:
    """1234567.5 -> '12,34,567.5'; at most 6 decimals, trailing zeros dropped; absurd sizes described."""
    if math.isnan(x):
        return "not a number"
    if not math.isfinite(x):
        return "a number too large to use"
    if abs(x) >= LARGEST_SHOWN:
        return f"a {len(str(int(abs(x))))}-digit number"
    sign = "-" if x < 0 else ""
    whole, _, frac = f"{abs(x):.6f}".rstrip("0").rstrip(".").partition(".")
    return sign + group_digits(whole) + ("." + frac if frac else "")


def amount(unit: str | None, x: float) -> str:
    """A figure with its unit, as a committee member writes it: ₹375 crore, ₹1,890/kg, 1,200 MTPA, 51%."""
    if unit == "INR crore":
        return f"₹{indian(x)} crore"
    if unit == "INR/kg":
        return f"₹{indian(x)}/kg"
    if unit == "%":
        return f"{indian(x)}%"
    return f"{indian(x)} {unit}" if unit else indian(x)
