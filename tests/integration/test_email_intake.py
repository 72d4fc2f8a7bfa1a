"""E-mail files into the store: new incidents with reporters, replies threaded into the communication log."""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import EventKind
from app.ingest.email_import import import_files, read_file
from app.services.email_intake import EmailOutcomeKind
from app.services.jobs import JobControl

FIXTURES = Path(__file__).parent.parent / "fixtures" / "email"


def comms(services, incident_id: int):  # type: ignore[no-untyped-def]
    with services.ctx.db.uow() as uow:
        return [(c.direction, c.channel, c.subject, c.body, c.author_name, c.message_id)
                for c in uow.communications.for_incident(incident_id)]


def test_plain_message_logs_incident_with_new_contact(services, clock) -> None:  # type: ignore[no-untyped-def]
    out = services.email_intake.take(read_file(FIXTURES / "plain.eml"))
    assert out.value.kind is EmailOutcomeKind.CREATED
    assert out.changes.created_ids == {out.value.incident_id}
    inc = services.incidents.get(out.value.incident_id)
    assert (inc.number, inc.source, inc.title) == ("INC0000001", "email", "Printer on floor 3 does not print")
    assert "paper jam" in inc.description
    assert inc.reporter is not None and inc.reporter.name == "Anna Berg"
    assert inc.detected_at.isoformat() == "2026-03-02T07:15:00+00:00"
    contact = [p for p in services.directory.contacts("Anna")]
    assert [(p.name, p.email) for p in contact] == [("Anna Berg", "anna.berg@example.com")]
    assert comms(services, inc.id)[0][0] == "in"


def test_known_contact_is_matched_not_duplicated(services) -> None:  # type: ignore[no-untyped-def]
    a = services.email_intake.take(read_file(FIXTURES / "plain.eml")).value
    # The same person writes about something else: matched by address, case-insensitively.
    mail = read_file(FIXTURES / "plain.eml")
    from dataclasses import replace

    b = services.email_intake.take(replace(mail, subject="Another problem", message_id="<other@x>",
                                           from_address="ANNA.BERG@example.com")).value
    assert b.kind is EmailOutcomeKind.CREATED and b.incident_id != a.incident_id
    ra, rb = services.incidents.get(a.incident_id).reporter, services.incidents.get(b.incident_id).reporter
    assert ra == rb
    assert len(services.directory.contacts("Anna")) == 1


def test_date_in_the_future_is_clamped(services, clock) -> None:  # type: ignore[no-untyped-def]
    out = services.email_intake.take(read_file(FIXTURES / "future_date.eml")).value
    assert services.incidents.get(out.incident_id).detected_at == clock.now()


def test_reply_by_subject_number_goes_to_the_communication_log(services) -> None:  # type: ignore[no-untyped-def]
    first = services.email_intake.take(read_file(FIXTURES / "plain.eml")).value
    reply = services.email_intake.take(read_file(FIXTURES / "reply_by_subject.eml"))
    assert reply.value.kind is EmailOutcomeKind.REPLY
    assert reply.value.incident_number == first.incident_number == "INC0000001"
    assert reply.changes.touches("communications") and reply.changes.created_ids == frozenset()
    log = comms(services, first.incident_id)
    assert [c[0] for c in log] == ["in", "in"]
    assert log[1][2] == "RE: [INC0000001] Printer on floor 3 does not print"
    assert log[1][3] == "It works again after the restart, thank you!"
    assert log[1][4] == "Anna Berg <anna.berg@example.com>"
    assert services.queue.builtin_counts()["all"] == 1
    kinds = [e.kind for e in services.incidents.events(first.incident_id)]
    assert kinds.count(EventKind.COMMUNICATION.value) == 2


def test_reply_by_in_reply_to_threads_to_the_original(services) -> None:  # type: ignore[no-untyped-def]
    services.email_intake.take(read_file(FIXTURES / "plain.eml"))
    vpn = services.email_intake.take(read_file(FIXTURES / "html_only.eml")).value
    reply = services.email_intake.take(read_file(FIXTURES / "reply_by_in_reply_to.eml")).value
    assert reply.kind is EmailOutcomeKind.REPLY and reply.incident_id == vpn.incident_id
    log = comms(services, vpn.incident_id)
    assert [c[5] for c in log] == ["<html-0002@mail.example.com>", "<reply-thread-0007@mail.example.com>"]


def test_unknown_number_in_subject_logs_a_new_incident(services) -> None:  # type: ignore[no-untyped-def]
    out = services.email_intake.take(read_file(FIXTURES / "reply_by_subject.eml")).value
    assert out.kind is EmailOutcomeKind.CREATED


def test_importing_the_same_file_twice_is_a_no_op(services) -> None:  # type: ignore[no-untyped-def]
    services.email_intake.take(read_file(FIXTURES / "plain.eml"))
    again = services.email_intake.take(read_file(FIXTURES / "plain.eml"))
    assert again.value.kind is EmailOutcomeKind.DUPLICATE and again.changes.empty
    assert services.queue.builtin_counts()["all"] == 1


def test_import_files_reports_each_file(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    names = ["plain.eml", "not_an_email.eml", "latin1.eml", "missing.eml", "windows1252.eml",
             "multipart_alternative.eml"]
    seen: list[tuple[int, int]] = []
    control = JobControl(lambda d, t, m: seen.append((d, t)))
    results = import_files(services.email_intake, [FIXTURES / n for n in names], control)
    assert [r.ok for r in results] == [True, False, True, False, True, True]
    assert "no e-mail headers" in results[1].error and "cannot be read" in results[3].error
    assert seen[-1] == (6, 6)
    inc = services.incidents.get(results[2].outcome.incident_id)
    assert inc.title == "Grüße aus München: Drucker defekt" and "weiße Seiten" in inc.description
    multi = services.incidents.get(results[5].outcome.incident_id)
    assert "Attachments (not imported): screenshot.png" in multi.description
