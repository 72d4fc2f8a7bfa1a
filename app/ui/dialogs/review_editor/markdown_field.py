"""A plain-text field written in Markdown, with undo/redo and a rendered preview tab."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTabWidget, QTextBrowser, QVBoxLayout, QWidget


class MarkdownField(QWidget):
    text_edited = Signal()

    def __init__(self, title: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(f"<b>{title}</b>", self)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(placeholder)
        self.editor.setTabChangesFocus(True)  # Tab moves on; keyboard users are not trapped in the field
        self.editor.setUndoRedoEnabled(True)
        self.preview = QTextBrowser(self)
        self.preview.setOpenExternalLinks(False)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.editor, self.tr("Write"))
        self.tabs.addTab(self.preview, self.tr("Preview"))
        self.tabs.setTabToolTip(1, self.tr("How the Markdown will read"))
        self.label.setBuddy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.tabs)
        self.editor.textChanged.connect(self._on_changed)
        self.tabs.currentChanged.connect(self._on_tab)
        self._loading = False

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Load stored text without counting as an edit (and without an undo step)."""
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self._render()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        if read_only:
            self.tabs.setCurrentWidget(self.preview)

    def show_preview(self, on: bool = True) -> None:
        self.tabs.setCurrentWidget(self.preview if on else self.editor)

    def _render(self) -> None:
        self.preview.setMarkdown(self.text() or self.tr("*Nothing written yet.*"))

    @Slot()
    def _on_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit()

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.preview:
            self._render()
