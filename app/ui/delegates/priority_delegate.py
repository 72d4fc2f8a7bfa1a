"""Priority badge: a rounded pill 'P1'..'P5' in a colour per priority, drawn from the palette."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.delegates.colors import badge_colors
from app.ui.models.roles import Role


class PriorityDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        priority = index.data(Role.PRIORITY)
        if priority is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fill, text = badge_colors(int(priority), option.palette)
        fm = option.fontMetrics
        label = f"P{priority}"
        w = fm.horizontalAdvance(label) + 14
        h = min(option.rect.height() - 6, fm.height() + 2)
        r = QRectF(option.rect.center().x() - w / 2, option.rect.center().y() - h / 2 + 0.5, w, h)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(r, h / 2, h / 2)
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(max(base.width(), option.fontMetrics.horizontalAdvance("P5") + 24), base.height())
