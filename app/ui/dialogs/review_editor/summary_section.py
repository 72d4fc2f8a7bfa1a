"""Summary and customer/business impact, beside the facts taken from the incident record."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.review import ReviewContent, ReviewFacts
from app.ui.dialogs.review_editor.markdown_field import MarkdownField
from app.ui.dialogs.review_editor.section import ReviewSection
from app.ui.formatting import duration

FACTS = (("duration", "Duration"), ("ack", "Time to acknowledge"), ("resolve", "Time to resolve"),
         ("sla", "SLA"), ("escalations", "Escalations"), ("services", "Services affected"))


class SummarySection(ReviewSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = MarkdownField(self.tr("&Summary"), self.tr("What happened, in two or three sentences"), self)
        self.impact = MarkdownField(self.tr("Customer / business &impact"),
                                    self.tr("Who was affected, how badly, for how long"), self)
        box = QGroupBox(self.tr("Facts from the record"), self)
        form = QFormLayout(box)
        self.facts: dict[str, QLabel] = {}
        for key, caption in FACTS:
            lab = QLabel(box)
            lab.setObjectName(f"fact_{key}")
            lab.setWordWrap(True)
            self.facts[key] = lab
            form.addRow(self.tr(caption) + ":", lab)
        box.setMinimumWidth(280)
        texts = QVBoxLayout()
        texts.addWidget(self.summary, 1)
        texts.addWidget(self.impact, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 3)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addStretch(1)
        layout.addLayout(side, 1)
        self.summary.text_edited.connect(self.content_edited)
        self.impact.text_edited.connect(self.content_edited)

    def title(self) -> str:
        return self.tr("Summary && impact")

    def set_facts(self, f: ReviewFacts) -> None:
        def span(value: object) -> str:
            return duration(value) if value is not None else self.tr("not yet")  # type: ignore[arg-type]

        sla_ok = f.sla_met
        self.facts["duration"].setText(span(f.duration) + (self.tr(" (ongoing)") if f.ongoing else ""))
        self.facts["ack"].setText(span(f.time_to_acknowledge))
        self.facts["resolve"].setText(span(f.time_to_resolve))
        self.facts["sla"].setText((self.tr("Met") if sla_ok else self.tr("Breached")) + self.tr(
            " (response %1, resolution %2)").replace("%1", f.response_sla).replace("%2", f.resolution_sla))
        self.facts["escalations"].setText(str(f.escalations))
        self.facts["services"].setText(", ".join(f.services_affected) or self.tr("none recorded"))

    def load(self, content: ReviewContent) -> None:
        self.summary.set_text(content.summary)
        self.impact.set_text(content.business_impact)

    def collect(self, content: ReviewContent) -> ReviewContent:
        return replace(content, summary=self.summary.text(), business_impact=self.impact.text())

    def set_read_only(self, read_only: bool) -> None:
        self.summary.set_read_only(read_only)
        self.impact.set_read_only(read_only)
