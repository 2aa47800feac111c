"""Reading the numbers the vendors' JSON answers send in more than one shape: a number, a numeric
string (``"Total": "100"`` in Alibaba's documentation samples, strings in Huawei's gateways), a float
that is a whole number. One reading for every parser, so the two clouds cannot drift apart.
A boolean is never a number here (``True`` would otherwise read as 1)."""

from __future__ import annotations


def whole_number(value: object) -> int | None:
    """An integer from a number or a numeric string; None for anything else (a fraction too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            number = decimal(value)
            return int(number) if number is not None and number.is_integer() else None
    return None


def decimal(value: object) -> float | None:
    """A float from a number or a numeric string; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None
