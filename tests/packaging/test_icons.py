"""The icon renderer: PNG sizes, .ico and .icns containers, and the same bytes on every run."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from icons import HICOLOR_SIZES, ICNS_TYPES, ICO_SIZES, SOURCE, build, icns_bytes, ico_bytes

# pytest-qt's QApplication first: the renderer would otherwise make a QGuiApplication, which later UI tests can't use.
pytestmark = pytest.mark.usefixtures("qapp")


def test_icons_are_rendered_at_every_size_and_reproducibly(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    first = build(tmp_path / "a")
    second = build(tmp_path / "b")
    assert first == second  # same bytes, file by file
    for size in HICOLOR_SIZES:
        image = QImage(str(tmp_path / "a" / f"hicolor/{size}x{size}/apps/incident-desk.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the tile is opaque in the middle
        assert image.pixelColor(0, 0).alpha() == 0  # and the rounded corner is transparent
    svg = (tmp_path / "a" / "hicolor/scalable/apps/incident-desk.svg").read_bytes()
    assert svg == SOURCE.read_bytes()


def test_ico_directory_points_at_each_png(tmp_path: Path) -> None:
    build(tmp_path)
    data = (tmp_path / "incident-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    for i, size in enumerate(ICO_SIZES):
        width, height, _c, _r, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert width == height == (0 if size == 256 else size)
        assert (planes, bits) == (1, 32)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)


def test_icns_elements_cover_the_retina_sizes(tmp_path: Path) -> None:
    build(tmp_path)
    data = (tmp_path / "incident-desk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    seen, pos = [], 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        assert data[pos + 8:pos + 16] == b"\x89PNG\r\n\x1a\n"
        seen.append(kind)
        pos += length
    assert pos == len(data)
    assert seen == [kind for kind, _size in ICNS_TYPES]


def test_containers_are_pure_functions_of_their_images() -> None:
    fake = [(16, b"\x89PNG-a"), (256, b"\x89PNG-bb")]
    assert ico_bytes(fake) == ico_bytes(list(fake))
    assert len(ico_bytes(fake)) == 6 + 16 * 2 + 6 + 7
    assert icns_bytes([(b"ic07", b"xyz")]) == b"icns" + struct.pack(">I", 19) + b"ic07" + struct.pack(">I", 11) + b"xyz"
