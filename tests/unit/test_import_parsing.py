"""CSV import parsing without a store: encoding/delimiter/date sniffing, value converters, mapping JSON."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.ingest.csv_import.detect import detect_date_format, detect_delimiter, detect_encoding, sniff
from app.ingest.csv_import.mapping import Mapping, Shape
from app.ingest.csv_import.values import BadValue, DateParser, boolean, leading_int
from app.ingest.servicenow import PRESET

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_encoding_bom_utf8_and_fallback() -> None:
    assert detect_encoding(codecs.BOM_UTF8 + b"a,b\n")[0] == "utf-8-sig"
    assert detect_encoding(codecs.BOM_UTF16_LE + "a,b".encode("utf-16-le"))[0] == "utf-16"
    assert detect_encoding("Ärger,ß\n".encode())[0] == "utf-8"
    enc, note = detect_encoding("Caf\xe9,x\n".encode("cp1252"))
    assert enc == "cp1252" and "not valid UTF-8" in note
    # A multi-byte character cut by the sample boundary is still UTF-8.
    assert detect_encoding("abc€".encode()[:-1])[0] == "utf-8"


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiter_sniffing(delim: str) -> None:
    text = "\n".join(delim.join(row) for row in (["a", "b", "c"], ["1", "x y", "3"], ["4", "5", "6"]))
    assert detect_delimiter(text) == delim


def test_date_format_day_first_needs_evidence() -> None:
    assert detect_date_format(["29/2/2016 01:16", "1/3/2016 09:14"]) == "%d/%m/%Y %H:%M"
    assert detect_date_format(["2/29/2016 01:16", "3/1/2016 09:14"]) == "%m/%d/%Y %H:%M"
    assert detect_date_format(["2024-02-01 10:00:05"]) == "%Y-%m-%d %H:%M:%S"
    assert detect_date_format(["03.01.2024 08:15"]) == "%d.%m.%Y %H:%M"
    assert detect_date_format(["no dates here"]) is None


def test_date_parser_regex_and_zone() -> None:
    p = DateParser("%d/%m/%Y %H:%M")
    assert p("29/2/2016 01:16") == datetime(2016, 2, 29, 1, 16, tzinfo=UTC)
    with pytest.raises(BadValue, match="d/m/yyyy HH:MM"):
        p("31/13/2016 10:00")
    berlin = DateParser("%d.%m.%Y %H:%M", "Europe/Berlin")
    assert berlin("03.07.2024 12:00") == datetime(2024, 7, 3, 10, 0, tzinfo=UTC)
    iso = DateParser("%Y-%m-%dT%H:%M:%S%z")  # not regex-compilable: strptime path
    assert iso("2024-01-01T10:00:00+0100") == datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def test_value_converters() -> None:
    assert leading_int("2 - Medium") == 2
    with pytest.raises(BadValue):
        leading_int("High")
    assert boolean("true") and not boolean("FALSE")
    with pytest.raises(BadValue):
        boolean("maybe")


def test_sniff_fixture_with_bom_semicolons_and_dates() -> None:
    s = sniff(FIX / "other-tool.csv")
    assert s.encoding == "utf-8-sig"
    assert s.delimiter == ";"
    assert s.header[0] == "Ticket"  # BOM not glued to the first column name
    assert s.date_format == "%d.%m.%Y %H:%M"
    assert {"Opened", "Resolved", "Closed"} <= set(s.date_columns)


def test_mapping_json_round_trip_and_preset() -> None:
    again = Mapping.loads(PRESET.dumps())
    assert again.columns == PRESET.columns and again.values == PRESET.values
    assert again.shape is Shape.EVENT_LOG and again.empty_values == ("", "?")
    loaded = Mapping.load(FIX / "generic-mapping.json")
    assert loaded.external_prefix == "OT:" and loaded.timezone == "Europe/Berlin"


@pytest.mark.parametrize(("data", "message"), [
    ('{"format": "something-else"}', "not an Incident Desk mapping"),
    ('{"columns": {"nonsense": "x"}}', "Unknown field 'nonsense'"),
    ('{"values": {"status": {"Open": "opened"}}}', "not one of"),
    ('{"values": {"title": {"a": "b"}}}', "takes no value map"),
    ('{"shape": "cube"}', "Unknown shape"),
    ("{not json", "not valid JSON"),
    ('{"version": 99}', "newer"),
])
def test_mapping_json_refuses_bad_files_with_reasons(data: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Mapping.loads(data)


def test_mapping_problems_name_missing_columns() -> None:
    problems = PRESET.problems(("number", "incident_state"))
    assert any("'sys_updated_at'" in p for p in problems)
    assert not Mapping(columns={"external_ref": "id", "opened_at": "o"}).problems(("id", "o"))
    assert any("External number" in p for p in Mapping().problems())


def test_docs_list_every_field_key() -> None:
    from app.ingest.csv_import.mapping import FIELDS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    missing = [f.key for f in FIELDS if f"| `{f.key}` |" not in doc]
    assert not missing, f"docs/import.md lacks {missing}"
