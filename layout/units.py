"""Millimetres at the edges, points inside: the only conversion between them."""

MM = 72 / 25.4  # points per millimetre


def mm(value: float) -> float:
    """Millimetres to PDF points."""
    return value * MM


def to_mm(points: float) -> float:
    """PDF points to millimetres."""
    return points / MM
