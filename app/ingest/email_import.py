"""Read `.eml` files (RFC 5322, any charset) into IncomingEmail values and feed them to the intake service.

Subject → title, body (plain text preferred, HTML turned into text) → description, From → reporter,
Date → detected-at, Message-ID / In-Reply-To / References → threading. Each file succeeds or fails on
its own: one unreadable file never stops the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

from app.domain.errors import DomainError
from app.domain.validation import TEXT_MAX
from app.services.changes import Changes
from app.services.email_intake import EmailIntakeService, EmailOutcome, IncomingEmail
from app.services.jobs import NO_CONTROL, JobControl

MAX_FILE_BYTES = 25 * 1024 * 1024
BODY_MAX = TEXT_MAX - 2000  # room for the attachment list
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MSGID = re.compile(r"<[^<>\s]+>")


class EmailFileError(ValueError):
    """A file that is not a readable e-mail message; the message says why."""


# -- HTML to text --------------------------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    PARAGRAPH = {"p", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
                 "section", "article", "header", "footer"}
    LINE = {"div", "br", "tr", "li"}
    SKIP = {"script", "style", "head", "title", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def _break(self, lines: int) -> None:
        """End the current line, leaving `lines - 1` blank lines, without piling up breaks."""
        tail = "".join(self.parts[-3:])
        have = len(tail) - len(tail.rstrip("\n"))
        if self.parts and have < lines:
            self.parts.append("\n" * (lines - have))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.PARAGRAPH:
            self._break(2)
        elif tag in self.LINE:
            self._break(1)
        elif tag in ("td", "th") and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\t")
        if tag == "li":
            self.parts.append("- ")
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.PARAGRAPH:
            self._break(2)
        elif tag in self.LINE:
            self._break(1)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self._break(2)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    # Collapsing whitespace leaves at most one stray space at a line start; <pre> indentation stays.
    lines = [re.sub(r"^ (?=\S)", "", line.rstrip()).replace("\xa0", " ") for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# -- message to IncomingEmail ---------------------------------------------------------------------------


def parse_message(data: bytes) -> IncomingEmail:
    if not data.strip():
        raise EmailFileError("The file is empty.")
    msg = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(msg, EmailMessage) or (not msg.keys() and not msg.get_payload()):
        raise EmailFileError("The file is not an e-mail message.")
    if not any(msg.get(h) for h in ("From", "Subject", "Date", "Message-ID")):
        raise EmailFileError("The file has no e-mail headers (From, Subject, Date or Message-ID).")
    name, address = _sender(msg)
    return IncomingEmail(
        subject=_line(_header(msg, "Subject")),
        body=_body(msg),
        from_name=name,
        from_address=address,
        sent_at=_date(msg),
        message_id=_first_id(_header(msg, "Message-ID")),
        in_reply_to=_first_id(_header(msg, "In-Reply-To")),
        references=tuple(_MSGID.findall(_header(msg, "References"))),
        recipients=", ".join(a for _, a in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if a),
        attachments=tuple(_line(p.get_filename() or "") or "unnamed" for p in msg.iter_attachments()),
    )


def read_file(path: Path) -> IncomingEmail:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EmailFileError(f"The file is {size / 1e6:.1f} MB; e-mails over {MAX_FILE_BYTES // 2**20} MiB "
                                 "are not imported.")
        data = path.read_bytes()
    except OSError as exc:
        raise EmailFileError(f"The file cannot be read: {exc.strerror or exc}.") from exc
    return parse_message(data)


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a malformed header is treated as missing, not as a broken file
        return ""
    return "" if value is None else str(value)


def _sender(msg: EmailMessage) -> tuple[str, str | None]:
    try:
        header = msg.get("From")
        addresses: tuple[Address, ...] = tuple(getattr(header, "addresses", ()) or ())
    except Exception:  # noqa: BLE001
        addresses = ()
    if addresses:
        a = addresses[0]
        address = a.addr_spec if "@" in a.addr_spec else None
        return _line(a.display_name), (address.lower() if address else None)
    name, address = parseaddr(_header(msg, "From"))
    return _line(name), (address.lower() if "@" in address else None)


def _date(msg: EmailMessage) -> datetime | None:
    text = _header(msg, "Date")
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _first_id(text: str) -> str | None:
    found = _MSGID.findall(text)
    if found:
        return found[0][:300]
    return text.strip()[:300] or None


def _line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
        return content if isinstance(content, str) else ""
    except (LookupError, UnicodeDecodeError, AssertionError, ValueError):
        # Unknown or lying charset: decode the raw bytes leniently rather than lose the message.
        raw = part.get_payload(decode=True) or b""
        if not isinstance(raw, bytes):
            return str(raw)
        for charset in (part.get_content_charset() or "", "utf-8", "cp1252"):
            try:
                return raw.decode(charset) if charset else raw.decode("utf-8")
            except (LookupError, UnicodeDecodeError):
                continue
        return raw.decode("latin-1")


def _body(msg: EmailMessage) -> str:
    plain = msg.get_body(preferencelist=("plain",))
    text = _part_text(plain) if plain is not None else ""  # type: ignore[arg-type]
    if not text.strip():
        html = msg.get_body(preferencelist=("html",))
        text = html_to_text(_part_text(html)) if html is not None else ""  # type: ignore[arg-type]
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > BODY_MAX:
        text = text[:BODY_MAX] + "\n… (the rest of the message was cut)"
    return text


# -- importing files -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    outcome: EmailOutcome | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def import_files(service: EmailIntakeService, paths: Sequence[Path], control: JobControl = NO_CONTROL,
                 on_changes: Callable[[Changes], None] | None = None) -> list[FileResult]:
    """Import each file in its own transaction and report each one; cancel stops between files."""
    results: list[FileResult] = []
    for n, path in enumerate(paths):
        control.report(n, len(paths), path.name)
        try:
            result = service.take(read_file(Path(path)))
        except (EmailFileError, DomainError) as exc:
            results.append(FileResult(Path(path), None, str(exc)))
            continue
        results.append(FileResult(Path(path), result.value))
        if on_changes is not None:
            on_changes(result.changes)
    control.report(len(paths), len(paths), "")
    return results
