"""SLA cell: remaining time coloured by state (amber from 75 % elapsed, red when breached, 'Paused' on hold)
with a thin bar showing how much of the resolution target is used."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.delegates.colors import level_color, level_fill
from app.ui.models.roles import Role


class SlaDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        state = index.data(Role.SLA)
        if state is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        fill = level_fill(state.level, option.palette)
        if fill is not None and not selected:
            painter.fillRect(option.rect, fill)
            opt.backgroundBrush = fill
        color = level_color(state.level, option.palette)
        if color is not None and not selected:
            opt.palette.setColor(QPalette.ColorRole.Text, color)
        if state.level in ("paused", "met"):
            opt.font.setItalic(True)
            if not selected:
                opt.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.PlaceholderText))
        if state.level in ("breached", "warning"):
            opt.font.setBold(state.level == "breached")
        opt.displayAlignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if state.elapsed is not None and state.level in ("ok", "warning", "breached"):
            bar_color = color or option.palette.color(QPalette.ColorRole.Highlight)
            r = option.rect.adjusted(4, 0, -4, 0)
            bar = QRect(r.left(), option.rect.bottom() - 2, int(r.width() * state.elapsed), 2)
            painter.fillRect(bar, bar_color)
