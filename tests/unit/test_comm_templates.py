"""Template rendering: every placeholder filled, unknown ones reported and kept, literal braces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from app.domain.templates import (
    PLACEHOLDERS,
    describe_unknown,
    local_text,
    placeholders_in,
    render,
    unknown_placeholders,
)


def test_every_placeholder_is_filled() -> None:
    values = {name: f"<{name.upper()}>" for name in PLACEHOLDERS}
    template = " ".join("{" + n + "}" for n in PLACEHOLDERS)
    out = render(template, values)
    assert out.ok and out.unknown == ()
    assert out.text == " ".join(f"<{n.upper()}>" for n in PLACEHOLDERS)
    for required in ("number", "title", "status", "priority", "impact", "service", "workaround", "resolution",
                     "next_update", "assignee", "group"):
        assert required in PLACEHOLDERS


def test_unknown_placeholders_are_reported_and_kept() -> None:
    out = render("[{number}] {titel} for {reporter_name} {titel}", {"number": "INC0000007"})
    assert out.text == "[INC0000007] {titel} for {reporter_name} {titel}"
    assert out.unknown == ("titel", "reporter_name")
    assert not out.ok
    message = describe_unknown(out.unknown)
    assert "{titel}" in message and "{reporter_name}" in message and message.startswith("Unknown placeholders")


def test_known_placeholder_without_value_renders_empty() -> None:
    out = render("Workaround: {workaround}.", {})
    assert out.text == "Workaround: ." and out.ok


def test_literal_braces_and_non_placeholders_stay() -> None:
    out = render("{{number}} is {number}; json {\"a\": 1}; {0}; { spaced }", {"number": "INC1"})
    assert out.text == "{number} is INC1; json {\"a\": 1}; {0}; { spaced }"
    assert out.unknown == ()


def test_values_are_not_rendered_twice() -> None:
    # A title that itself looks like a placeholder must come out literally.
    out = render("{title}", {"title": "Broken {number} field"})
    assert out.text == "Broken {number} field"


def test_placeholder_listing() -> None:
    assert placeholders_in("{a} {b} {a} {{c}}") == ("a", "b")
    assert unknown_placeholders("{number} {nmber}") == ("nmber",)


def test_local_text_names_the_offset() -> None:
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    text = local_text(moment)
    offset = moment.astimezone().utcoffset() or timedelta(0)
    shifted = moment.astimezone(timezone(offset))
    assert text.startswith(shifted.strftime("%Y-%m-%d %H:%M"))
    assert text.endswith("(UTC)") if offset == timedelta(0) else "(UTC+" in text or "(UTC-" in text
