"""Status colours derived from the palette, so badges and SLA cells read in light and dark mode alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# Hues only: lightness and saturation follow the palette (vivid on light bases, muted on dark ones).
PRIORITY_HUES = {1: 0, 2: 25, 3: 45, 4: 210, 5: 0}
LEVEL_HUES = {"breached": 0, "warning": 38, "ok": 130}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def badge_colors(priority: int, palette: QPalette) -> tuple[QColor, QColor]:
    """(fill, text) of a priority badge; P5 is neutral, P1 the strongest."""
    dark = is_dark(palette)
    if priority >= 5:
        fill = palette.color(QPalette.ColorRole.Mid)
        return fill, palette.color(QPalette.ColorRole.Text)
    hue = PRIORITY_HUES.get(priority, 0)
    sat = 200 if priority <= 3 else 150
    fill = QColor.fromHsl(hue, sat, 95 if dark else 120) if priority <= 2 else QColor.fromHsl(
        hue, sat, 80 if dark else 190)
    text = QColor("white") if fill.lightness() < 140 else QColor(30, 30, 30)
    return fill, text


def level_color(level: str, palette: QPalette) -> QColor | None:
    """Text colour for an SLA level (None: the palette's normal text)."""
    if level not in LEVEL_HUES or level == "ok":
        return None
    dark = is_dark(palette)
    return QColor.fromHsl(LEVEL_HUES[level], 230, 165 if dark else 95) if level == "breached" else \
        QColor.fromHsl(LEVEL_HUES[level], 230, 150 if dark else 85)


def level_fill(level: str, palette: QPalette) -> QColor | None:
    """A faint cell background for warning and breach, mixed into the base colour."""
    if level not in ("breached", "warning"):
        return None
    base = palette.color(QPalette.ColorRole.Base)
    tint = QColor.fromHsl(LEVEL_HUES[level], 220, 128)
    a = 0.28 if is_dark(palette) else 0.16
    return QColor(int(base.red() * (1 - a) + tint.red() * a), int(base.green() * (1 - a) + tint.green() * a),
                  int(base.blue() * (1 - a) + tint.blue() * a))
