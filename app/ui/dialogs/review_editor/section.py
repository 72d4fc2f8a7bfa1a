"""Base of the review editor's sections: load content, collect it back, go read-only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.domain.review import ReviewContent


class ReviewSection(QWidget):
    """A page of the editor; `content_edited` fires on every user edit (never while loading)."""

    content_edited = Signal()

    def title(self) -> str:
        raise NotImplementedError

    def load(self, content: ReviewContent) -> None:
        raise NotImplementedError

    def collect(self, content: ReviewContent) -> ReviewContent:
        """`content` with this section's fields replaced by what is on screen."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError
