"""Review tab: the incident's post-incident review status, its action items, and a button to open it."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.domain.enums import Priority
from app.services.review_dto import ReviewRow
from app.ui.formatting import local
from app.ui.panels.tabs import DetailTab


class ReviewTab(DetailTab):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.open = QPushButton(self.tr("Open post-incident &review…"), self)
        self.open.setToolTip(self.tr("Ctrl+R"))
        row = QHBoxLayout()
        row.addWidget(self.open)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addStretch(1)
        self.open.clicked.connect(self._on_open)
        self.review: ReviewRow | None = None

    def title(self) -> str:
        return self.tr("Review")

    def reload(self) -> None:
        iid = self.incident_id
        self.open.setEnabled(iid is not None)
        if iid is None:
            self.status.setText(self.tr("No incident selected."))
            return
        self.runner.run(lambda: (self.services.incidents.get(iid), self.services.reviews.get(iid)),
                        lambda pair: self._show(iid, *pair))

    def _show(self, iid: int, incident: object, review: ReviewRow | None) -> None:
        if iid != self.incident_id:
            return
        self.review = review
        if review is None:
            required = getattr(incident, "is_major", False) or getattr(incident, "priority", 0) == int(Priority.P1)
            self.status.setText(self.tr("No review yet. A major or P1 incident needs one (at least a draft) before "
                                        "it can be closed.") if required else
                                self.tr("No review yet; any incident may have one."))
            self.open.setText(self.tr("Start post-incident &review…"))
            return
        active = sum(1 for i in review.items if i.status in ("open", "in_progress"))
        late = sum(1 for i in review.items if i.overdue)
        text = self.tr("Revision %1, %2, last saved %3.").replace("%1", str(review.revision)).replace(
            "%2", review.status_label.lower()).replace("%3", local(review.updated_at))
        text += " " + self.tr("%1 action items, %2 still open, %3 overdue.").replace("%1", str(len(review.items))) \
            .replace("%2", str(active)).replace("%3", str(late))
        self.status.setText(text)
        self.open.setText(self.tr("Open post-incident &review…"))

    @Slot()
    def _on_open(self) -> None:
        from app.ui.dialogs.review_editor import open_review

        if self.incident_id is not None:
            open_review(self.window(), self.services, self.runner, self.incident_id)
