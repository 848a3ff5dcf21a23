"""Millimetres at the edges, points inside: the only conversion between them."""

MM = 72 / 25.4  # points per millimetre


def mm(value: float) -> float:
    """Millimetres to PDF points."""
    return value * MM


def to_mm(points: float) -> float:
    """PDF points to millimetres."""
    return points / MM


def to_mm_rounded(points: float, digits: int = 2) -> float:
    """PDF points to millimetres rounded to ``digits`` decimals (0.01 mm by default, finer than
    any press holds): what every text and data file shows, so that a sum of widths computed in
    points never prints as 98.00000000000001 or -0.0."""
    # + 0.0 turns a rounded -0.0 into 0.0.
    return round(to_mm(points), digits) + 0.0
