"""E-mail files to IncomingEmail: charsets, HTML to text, multipart, headers; no store involved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.ingest.email_import import EmailFileError, html_to_text, parse_message, read_file

FIXTURES = Path(__file__).parent.parent / "fixtures" / "email"


def test_plain_message() -> None:
    m = read_file(FIXTURES / "plain.eml")
    assert m.subject == "Printer on floor 3 does not print"
    assert m.body.startswith("Hello,\n\nthe printer next to room 3.14")
    assert (m.from_name, m.from_address) == ("Anna Berg", "anna.berg@example.com")  # address lower-cased
    assert m.sent_at == datetime(2026, 3, 2, 7, 15, tzinfo=UTC)
    assert m.message_id == "<plain-0001@mail.example.com>"


def test_html_only_message_becomes_text() -> None:
    m = read_file(FIXTURES / "html_only.eml")
    assert m.body == ("Hi team,\n\nThe VPN disconnects every 10 minutes since the update.\n\n- Laptop: LT-4471\n"
                      "- Client: 5.2\n\nThanks & regards,\nBob")
    assert "alert(" not in m.body and "ignored title" not in m.body and "color" not in m.body


def test_multipart_alternative_prefers_plain_and_lists_attachments() -> None:
    m = read_file(FIXTURES / "multipart_alternative.eml")
    assert m.subject == "Outlook kann keine Anhänge öffnen"
    assert m.body == "Anhänge lassen sich nicht öffnen.\nFehlermeldung: 0x800CCC0F"
    assert m.attachments == ("screenshot.png",)
    assert m.recipients == "servicedesk@example.com, it-lead@example.com"


@pytest.mark.parametrize("name, subject, body, sender", [
    ("latin1.eml", "Grüße aus München: Drucker defekt",
     "Der Drucker im Büro 2 druckt nur noch weiße Seiten.\nGrüße, Jürgen", "Jürgen Müller"),
    ("windows1252.eml", "Badge reader refuses my card",
     "The reader says “access denied” – since Monday… It cost me €20 in parking.", "Zoe Martin"),
])
def test_non_utf8_charsets(name: str, subject: str, body: str, sender: str) -> None:
    m = read_file(FIXTURES / name)
    assert (m.subject, m.body, m.from_name) == (subject, body, sender)


def test_reply_headers() -> None:
    m = read_file(FIXTURES / "reply_by_in_reply_to.eml")
    assert m.in_reply_to == "<html-0002@mail.example.com>"
    assert m.references == ("<html-0002@mail.example.com>",)


def test_unknown_charset_is_decoded_leniently() -> None:
    raw = (b"From: a@example.com\r\nSubject: odd\r\nContent-Type: text/plain; charset=x-made-up\r\n\r\n"
           b"caf\xc3\xa9 ok\r\n")
    assert parse_message(raw).body == "café ok"


def test_control_characters_and_long_subjects_are_cleaned() -> None:
    raw = b"From: a@example.com\r\nSubject: bad\x07bell\r\n\r\nbody\x00with nul\r\n"
    m = parse_message(raw)
    assert m.subject == "bad bell" and m.body == "bodywith nul"


@pytest.mark.parametrize("raw", [b"", b"   \n", b"just some words\nand more\n"])
def test_not_an_email(raw: bytes) -> None:
    with pytest.raises(EmailFileError):
        parse_message(raw)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EmailFileError, match="cannot be read"):
        read_file(tmp_path / "nope.eml")


def test_html_to_text_blocks_entities_and_pre() -> None:
    assert html_to_text("<div>a&lt;b</div><div>c<br/>d</div>") == "a<b\nc\nd"
    assert html_to_text("<pre>x  = 1\n  y</pre>") == "x  = 1\n  y"
    assert html_to_text("<table><tr><td>k</td><td>v</td></tr></table>") == "k\tv"
