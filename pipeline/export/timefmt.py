"""Clock formats the coding tools expect; each tool is strict about its own."""

from __future__ import annotations


def _split(seconds: float, unit: int) -> tuple[int, int, int, int]:
    """Hours, minutes, seconds and the fraction in ``unit`` parts, without float rounding carries."""
    total = round(max(seconds, 0.0) * unit)
    whole, part = divmod(total, unit)
    return whole // 3600, whole % 3600 // 60, whole % 60, part


def clock(seconds: float) -> str:
    """``hh:mm:ss`` (whole seconds, truncated: a stamp never points after the speech starts)."""
    total = int(max(seconds, 0.0))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def tenths(seconds: float, sep: str = ".") -> str:
    """``hh:mm:ss.s`` for NVivo, or with ``sep="-"`` MAXQDA/f4's ``hh:mm:ss-d``."""
    h, m, s, d = _split(seconds, 10)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{d}"


def millis(seconds: float, sep: str = ".") -> str:
    """``hh:mm:ss.mmm`` for WebVTT, or with ``sep=","`` for SRT."""
    h, m, s, ms = _split(seconds, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"
