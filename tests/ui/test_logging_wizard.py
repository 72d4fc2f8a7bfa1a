"""Logging wizard driven page by page: happy path, refusals, duplicates, added callers, cancel, back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel, QWizard

from app.domain.enums import CancelReason, EventKind, Source, Status
from app.domain.queue_filter import QueueFilter
from app.services.incidents import LogRequest, NewContact
from app.ui.models.similar_table_model import SimilarTableModel
from app.ui.runner import Runner
from app.ui.wizards.logging_wizard import LoggingWizard
from app.ui.wizards.page_ids import NextStep, PageId
from tests.conftest import PINNED


@pytest.fixture(autouse=True)
def _never_block(monkeypatch):  # type: ignore[no-untyped-def]
    """Closing a wizard with data asks first; a real message box would wait forever offscreen."""
    from app.ui.wizards.confirming_wizard import ConfirmingWizard

    monkeypatch.setattr(ConfirmingWizard, "ask", classmethod(lambda cls, parent, question: True))


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = Runner()
    yield r
    r.wait_idle()


@pytest.fixture
def wizard(qtbot, services, runner):  # type: ignore[no-untyped-def]
    w = LoggingWizard(services, runner, services.settings.snapshot())
    qtbot.addWidget(w)
    w.show()
    return w


def idle(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


def category_id(services, name):  # type: ignore[no-untyped-def]
    return next(c.id for c in services.settings.snapshot().categories if c.name == name)


def fill_description(qtbot, wizard, runner, title="Outlook cannot connect", description="No new mail since 8:00"):  # type: ignore[no-untyped-def]
    d = wizard.description
    d.title_edit.setText(title)
    with qtbot.waitSignal(wizard.similar_found, timeout=10_000):
        d.description.setPlainText(description)
    idle(qtbot, runner)


def incident_count(services) -> int:  # type: ignore[no-untyped-def]
    return services.queue.count(QueueFilter())


def test_happy_path_stores_every_field_with_audit_and_sla(qtbot, services, runner, wizard) -> None:  # type: ignore[no-untyped-def]
    det = wizard.detection
    assert wizard.currentId() == PageId.DETECTION
    det.source.setCurrentIndex(det.source.findData(Source.EMAIL))
    det.detected.setDateTime(det.detected.dateTime().addSecs(-1800))
    det.reporter.setText("Ada Caller")
    det.new_contact.setChecked(True)
    det.email.setText("ada@example.org")
    det.department.setText("Finance")
    wizard.next()
    assert wizard.currentId() == PageId.DESCRIPTION
    fill_description(qtbot, wizard, runner)
    wizard.description.service.setText("e-mail")
    wizard.description.ci.setText("mail-01 (Exchange server)")
    wizard.description.business_impact.setPlainText("Sales cannot answer customers")
    wizard.next()
    assert wizard.currentId() == PageId.SIMILAR and wizard.similar.step() is NextStep.LOG_NEW
    wizard.next()
    assert wizard.currentId() == PageId.CATEGORIZE
    cat = wizard.categorize
    cat.search.setText("offic")
    cat._jump_to_first_match()
    assert cat.category_path() == "Software / Office suite"
    cat.set_levels(2, 1)
    assert cat.priority_label.text().startswith("P2")
    assert "1h 0m" in cat.sla_label.text() and "8h 0m" in cat.sla_label.text()
    wizard.next()
    assert wizard.currentId() == PageId.SUMMARY
    text = wizard.summary.text()
    for expected in ("Outlook cannot connect", "Ada Caller (new contact)", "Software / Office suite", "P2 - High",
                     "E-mail", "Sales cannot answer customers", "Service Desk"):
        assert expected in text
    assert incident_count(services) == 0  # nothing written before Finish
    with qtbot.waitSignal(wizard.incident_logged, timeout=10_000) as blocker:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert wizard.result() == QWizard.DialogCode.Accepted
    d = services.incidents.get(blocker.args[0])
    assert (d.title, d.description, d.source) == ("Outlook cannot connect", "No new mail since 8:00", "email")
    assert d.service.name == "E-mail" and d.configuration_item == "mail-01 (Exchange server)"
    assert d.business_impact == "Sales cannot answer customers"
    assert d.reporter.name == "Ada Caller" and d.category_path == "Software / Office suite"
    assert (d.impact, d.urgency, d.priority) == (2, 1, 2)
    assert d.detected_at == PINNED - timedelta(minutes=30) and d.logged_at == PINNED
    assert d.response_due_at == PINNED + timedelta(hours=1)
    assert d.resolution_due_at == PINNED + timedelta(hours=8)
    assert d.status == Status.ASSIGNED.value and d.group.name == "Service Desk"
    kinds = [e.kind for e in services.incidents.events(d.id)]
    assert kinds == [EventKind.CREATED.value, EventKind.STATUS_CHANGED.value, EventKind.ASSIGNED.value]
    contact = services.directory.contacts("Ada")[0]
    assert (contact.email, contact.department) == ("ada@example.org", "Finance")


def test_known_contact_picked_by_completion(qtbot, services, runner, wizard) -> None:  # type: ignore[no-untyped-def]
    services.incidents.log(LogRequest(title="Earlier", source=Source.PHONE,
                                      new_reporter=NewContact("Grace Hopper", "grace@example.org")))
    det = wizard.detection
    det.reporter.setFocus()
    qtbot.keyClicks(det.reporter, "Gra")
    qtbot.waitUntil(lambda: det.contact_suggestions() == ["Grace Hopper <grace@example.org>"], timeout=10_000)
    det.completer.activated[str].emit("Grace Hopper <grace@example.org>")
    assert det.contact_id is not None and "Known contact" in det.reporter_info.text()
    wizard.next()
    fill_description(qtbot, wizard, runner, "Printer offline")
    wizard.next()
    wizard.next()
    wizard.categorize.set_category(category_id(services, "Printer"))
    wizard.next()
    with qtbot.waitSignal(wizard.incident_logged, timeout=10_000) as blocker:
        wizard.accept()
    assert services.incidents.get(blocker.args[0]).reporter.name == "Grace Hopper"


def test_editing_a_picked_contact_needs_a_new_pick(qtbot, services, wizard) -> None:  # type: ignore[no-untyped-def]
    det = wizard.detection
    det.reporter.setText("Somebody Unknown")
    assert not wizard.validateCurrentPage()
    assert "Pick a known contact" in det.errors()["reporter"]


@pytest.mark.parametrize("setup, field, message", [
    (lambda det: det.detected.setDateTime(det.detected.dateTime().addSecs(3600)), "detected_at", "future"),
    (lambda det: (det.new_contact.setChecked(True)), "reporter", "required"),
    (lambda det: (det.reporter.setText("Bad\x01Name"), det.new_contact.setChecked(True)), "reporter", "control"),
    (lambda det: (det.reporter.setText("X" * 201), det.new_contact.setChecked(True)), "reporter", "too long"),
    (lambda det: (det.reporter.setText("Eve"), det.new_contact.setChecked(True), det.email.setText("eve.example")),
     "email", "@"),
])
def test_detection_refusals(qtbot, services, wizard, setup, field, message) -> None:  # type: ignore[no-untyped-def]
    setup(wizard.detection)
    wizard.next()
    assert wizard.currentId() == PageId.DETECTION
    assert message in wizard.detection.errors()[field]
    assert wizard.detection.widgets[field].hasFocus() or not wizard.isActiveWindow()


@pytest.mark.parametrize("title, service, field, message", [
    ("", "", "title", "required"),
    ("   ", "", "title", "required"),
    ("T" * 161, "", "title", "too long"),
    ("Tab\tin title", "", "title", "control"),
    ("Valid", "No such service", "service", "not an active service"),
])
def test_description_refusals(qtbot, services, runner, wizard, title, service, field, message) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    wizard.description.title_edit.setText(title)
    wizard.description.service.setText(service)
    wizard.next()
    assert wizard.currentId() == PageId.DESCRIPTION
    assert message in wizard.description.errors()[field]
    idle(qtbot, runner)


def test_description_control_characters_and_length(qtbot, wizard, runner) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    d = wizard.description
    d.title_edit.setText("Fine")
    d.description.setPlainText("bell \x07 here")
    wizard.next()
    assert "control" in d.errors()["description"]
    d.description.setPlainText("x" * 20_001)
    wizard.next()
    assert "too long" in d.errors()["description"]
    d.description.setPlainText("ok\n\twith tab and newline")
    wizard.next()
    assert wizard.currentId() == PageId.SIMILAR and d.errors() == {}
    idle(qtbot, runner)


def go_to_categorize(qtbot, wizard, runner) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    fill_description(qtbot, wizard, runner, "Laptop does not boot")
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PageId.CATEGORIZE


def test_categorize_refusals(qtbot, services, runner, wizard) -> None:  # type: ignore[no-untyped-def]
    go_to_categorize(qtbot, wizard, runner)
    cat = wizard.categorize
    wizard.next()
    assert "Choose a category" in cat.errors()["category"]
    cat.set_category(category_id(services, "Laptop"))
    cat.major.setChecked(True)
    wizard.next()
    assert "justification" in cat.errors()["major_justification"]
    cat.justification.setPlainText("Board meeting \x00 laptop")
    wizard.next()
    assert "control" in cat.errors()["major_justification"]
    cat.justification.setPlainText("The CEO's laptop before the board meeting")
    wizard.next()
    assert wizard.currentId() == PageId.SUMMARY
    with qtbot.waitSignal(wizard.incident_logged, timeout=10_000) as blocker:
        wizard.accept()
    d = services.incidents.get(blocker.args[0])
    assert d.is_major and d.major_justification == "The CEO's laptop before the board meeting"


def test_refused_input_writes_nothing(qtbot, services, runner, wizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A refusal at Finish (here: the service's own check) leads back to the field; nothing is stored."""
    wizard.detection.reporter.setText("New Person")
    wizard.detection.new_contact.setChecked(True)
    go_to_categorize(qtbot, wizard, runner)
    wizard.categorize.set_category(category_id(services, "Laptop"))
    wizard.next()
    real_log = services.incidents.log

    def refusing(req):  # type: ignore[no-untyped-def]
        return real_log(req.__class__(**{**req.__dict__, "title": "x" * 500}))

    monkeypatch.setattr(services.incidents, "log", refusing)
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DESCRIPTION, timeout=10_000)
    assert "too long" in wizard.description.errors()["title"] and wizard.isVisible()
    assert incident_count(services) == 0 and services.directory.contacts("New") == []
    assert real_log(LogRequest(title="Next", source=Source.PHONE)).value.number == "INC0000001"


def test_back_keeps_values(qtbot, wizard, runner) -> None:  # type: ignore[no-untyped-def]
    wizard.detection.reporter.setText("Kept Name")
    wizard.detection.new_contact.setChecked(True)
    wizard.next()
    fill_description(qtbot, wizard, runner, "Wi-Fi weak in meeting room 4")
    wizard.next()
    wizard.back()
    wizard.back()
    assert wizard.currentId() == PageId.DETECTION and wizard.detection.reporter.text() == "Kept Name"
    wizard.next()
    assert wizard.description.title_text() == "Wi-Fi weak in meeting room 4"


def test_cancel_asks_before_discarding(qtbot, wizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(LoggingWizard, "ask", classmethod(lambda cls, parent, q: asked.append(q) or answer[0]))
    wizard.next()
    wizard.description.title_edit.setText("Something")
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert asked and "Discard" in asked[0] and wizard.isVisible()
    answer[0] = True
    wizard.reject()
    assert not wizard.isVisible() and wizard.result() == QWizard.DialogCode.Rejected


def test_cancel_without_input_does_not_ask(qtbot, wizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(LoggingWizard, "ask", classmethod(lambda cls, parent, q: pytest.fail("asked")))
    wizard.reject()
    assert not wizard.isVisible()


def seed_open_and_resolved(services):  # type: ignore[no-untyped-def]
    open_one = services.incidents.log(LogRequest(
        title="Outlook cannot connect to the server", source=Source.PHONE, impact=1, urgency=2,
        category_id=category_id(services, "Office suite"), new_reporter=NewContact("First Caller"))).value
    done = services.incidents.log(LogRequest(title="Outlook cannot connect after update", source=Source.EMAIL)).value
    services.incidents.resolve(done.id, "Solved remotely", "Repaired the Outlook profile")
    return open_one, done


def test_similar_live_while_typing_and_duplicate_path(qtbot, services, runner, wizard) -> None:  # type: ignore[no-untyped-def]
    open_one, done = seed_open_and_resolved(services)
    wizard.next()
    fill_description(qtbot, wizard, runner, "Outlook cannot connect")
    assert "2 similar incidents" in wizard.description.similar_hint.text()
    wizard.next()
    page = wizard.similar
    numbers = [page.model.row_at(r).number for r in range(page.model.rowCount())]
    assert numbers[0] == open_one.number and done.number in numbers
    assert page.select_number(done.number)
    assert not page.duplicate.isEnabled() and "only an open incident" in page.duplicate.toolTip()
    assert page.select_number(open_one.number)
    qtbot.waitUntil(lambda: "Assigned to" in page.preview.toPlainText(), timeout=10_000)
    page.duplicate.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PageId.SUMMARY  # a duplicate takes the original's categorization
    assert f"duplicate of {open_one.number}" in wizard.summary.text()
    with qtbot.waitSignal(wizard.incident_logged, timeout=10_000) as blocker:
        wizard.accept()
    d = services.incidents.get(blocker.args[0])
    assert d.status == Status.CANCELLED.value and d.cancel_reason == CancelReason.DUPLICATE.value
    assert d.duplicate_of.id == open_one.id and d.priority == open_one.priority
    assert d.category.id == open_one.category.id


def test_add_caller_to_existing_incident(qtbot, services, runner, wizard) -> None:  # type: ignore[no-untyped-def]
    open_one, _done = seed_open_and_resolved(services)
    wizard.detection.reporter.setText("Second Caller")
    wizard.detection.new_contact.setChecked(True)
    wizard.next()
    fill_description(qtbot, wizard, runner, "Outlook cannot connect")
    wizard.next()
    wizard.similar.select_number(open_one.number)
    wizard.similar.add_caller.setChecked(True)
    wizard.next()
    assert "No new incident" in wizard.summary.text()
    before = incident_count(services)
    with qtbot.waitSignal(wizard.incident_logged, timeout=10_000) as blocker:
        wizard.accept()
    assert blocker.args == [open_one.id] and incident_count(services) == before
    assert [s[1] for s in services.similar.stakeholders(open_one.id)] == ["Second Caller"]
    assert any(e.field == "stakeholders" for e in services.incidents.events(open_one.id))


def test_similar_model_passes_modeltester(qtmodeltester, services) -> None:  # type: ignore[no-untyped-def]
    seed_open_and_resolved(services)
    model = SimilarTableModel()
    model.set_rows(services.similar.find("outlook"))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_every_field_has_a_mnemonic_label_and_takes_tab_focus(wizard) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    for page in (wizard.detection, wizard.description, wizard.categorize):
        buddies = {lab.buddy() for lab in page.findChildren(QLabel) if "&" in lab.text()}
        for field, widget in page.widgets.items():
            assert widget in buddies, f"{field} has no mnemonic label"
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, field
