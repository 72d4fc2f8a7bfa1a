"""SLA gauge: a bar of elapsed time against the target, with due time, time left and paused state."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.domain.sla import SlaLevel
from app.services.workflow import SlaGauge
from app.ui.formatting import duration, local

# Traffic-light hues are meaning, not decoration; they are mixed with the palette so dark mode stays calm.
LEVEL_HUES = {SlaLevel.WARNING: QColor(230, 150, 20), SlaLevel.BREACHED: QColor(210, 50, 50)}


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(int(a.red() * (1 - t) + b.red() * t), int(a.green() * (1 - t) + b.green() * t),
                  int(a.blue() * (1 - t) + b.blue() * t))


class _Bar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.level = SlaLevel.OK
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 14)

    def paintEvent(self, _event: QPaintEvent) -> None:
        pal = self.palette()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(rect, 4, 4)
        fill = pal.color(QPalette.ColorRole.Highlight)
        if self.level in LEVEL_HUES:
            fill = _mix(LEVEL_HUES[self.level], pal.color(QPalette.ColorRole.Base), 0.1)
        elif self.level in (SlaLevel.PAUSED, SlaLevel.MET):
            fill = pal.color(QPalette.ColorRole.Mid)
        width = rect.width() * max(0.0, min(1.0, self.fraction))
        if width > 1:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(rect.left(), rect.top(), width, rect.height()), 4, 4)
        # The 75 % warning mark, so the agent sees how close "at risk" is.
        p.setPen(pal.color(QPalette.ColorRole.Text))
        x = rect.left() + rect.width() * 0.75
        p.drawLine(int(x), int(rect.top()) + 2, int(x), int(rect.bottom()) - 2)
        p.end()


class SlaGaugeWidget(QWidget):
    LEVEL_TEXT = {SlaLevel.OK: "on track", SlaLevel.WARNING: "at risk", SlaLevel.BREACHED: "breached",
                  SlaLevel.PAUSED: "paused (on hold)", SlaLevel.MET: "met"}

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.bar = _Bar(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.caption)
        layout.addWidget(self.bar)
        layout.addWidget(self.text)
        self.gauge: SlaGauge | None = None

    def set_gauge(self, gauge: SlaGauge | None, caption: str) -> None:
        self.gauge = gauge
        if gauge is None:
            self.caption.setText(caption)
            self.bar.fraction, self.bar.level = 0.0, SlaLevel.OK
            self.text.clear()
            self.bar.update()
            return
        state = self.tr(self.LEVEL_TEXT[gauge.level])
        self.caption.setText(f"{caption}: {state} ({int(round(gauge.fraction * 100))} %)")
        self.bar.fraction, self.bar.level = gauge.fraction, gauge.level
        self.bar.setToolTip(self.tr("%1 of %2 used; the mark is the 75 % warning.")
                            .replace("%1", duration(gauge.budget * min(gauge.fraction, 9.99)))
                            .replace("%2", duration(gauge.budget)))
        self.text.setText(self.describe(gauge))
        self.bar.update()

    def describe(self, g: SlaGauge) -> str:
        target = self.tr("target %1").replace("%1", duration(g.budget))
        if g.stopped_at is not None:
            verb = self.tr("Breached; stopped at %1") if g.level is SlaLevel.BREACHED else self.tr("Met at %1")
            return f"{verb.replace('%1', local(g.stopped_at))} ({target})"
        if g.paused:
            return self.tr("Paused while on hold; %1 left when it resumes (%2)").replace(
                "%1", duration(g.remaining)).replace("%2", target)
        due = local(g.due_at) if g.due_at else "-"
        if g.remaining.total_seconds() <= 0:
            return self.tr("Due %1 - overdue by %2 (%3)").replace("%1", due).replace(
                "%2", duration(-g.remaining)).replace("%3", target)
        return self.tr("Due %1 - %2 left (%3)").replace("%1", due).replace("%2", duration(g.remaining)).replace(
            "%3", target)
