"""What went well, what went badly, where we got lucky, and the lessons learned."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGridLayout, QWidget

from app.domain.review import ReviewContent
from app.ui.dialogs.review_editor.markdown_field import MarkdownField
from app.ui.dialogs.review_editor.section import ReviewSection

FIELDS = (("went_well", "What went &well"), ("went_badly", "What went &badly"),
          ("got_lucky", "Where we got &lucky"), ("lessons", "&Lessons learned"))


class ReflectionSection(ReviewSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        self.fields: dict[str, MarkdownField] = {}
        for n, (name, caption) in enumerate(FIELDS):
            field = MarkdownField(self.tr(caption), "", self)
            field.text_edited.connect(self.content_edited)
            self.fields[name] = field
            grid.addWidget(field, n // 2, n % 2)

    def title(self) -> str:
        return self.tr("Reflection")

    def load(self, content: ReviewContent) -> None:
        for name, field in self.fields.items():
            field.set_text(getattr(content, name))

    def collect(self, content: ReviewContent) -> ReviewContent:
        return replace(content, **{name: f.text() for name, f in self.fields.items()})

    def set_read_only(self, read_only: bool) -> None:
        for f in self.fields.values():
            f.set_read_only(read_only)
