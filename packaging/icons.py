"""Render the one icon source (resources/icons/incident-desk.svg) to PNG sizes, a Windows .ico and a macOS .icns.

`python packaging/icons.py [--out build/icons]`. Qt renders the SVG (QSvgRenderer into a QImage); the .ico and
.icns containers are written here, holding PNG payloads. The same inputs give the same bytes on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "incident-desk.svg"
NAME = "incident-desk"

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size (the @2x types repeat sizes for Retina).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)
MAC_MARGIN = 0.1  # Apple's icon grid leaves ~10 % around the tile; Windows and Linux icons fill the square


def _app():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["icons"])


def render_png(source: Path, size: int, margin: float = 0.0) -> bytes:
    """The SVG drawn into a transparent size x size image, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"icons: {source} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
    inset = size * margin
    renderer.render(painter, QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """An ICO file whose images are PNG-compressed (read by Windows Vista and later, and by Inno Setup)."""
    images = list(pngs)
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(elements: Iterable[tuple[bytes, bytes]]) -> bytes:
    """An Apple icon image: 'icns', total length, then (type, length incl. its 8-byte header, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", len(png) + 8) + png for kind, png in elements)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def build(out: Path, source: Path = SOURCE) -> dict[str, str]:
    """Write every icon under `out`; returns {relative path: sha256} of what was written."""
    cache: dict[tuple[int, float], bytes] = {}

    def png(size: int, margin: float = 0.0) -> bytes:
        if (size, margin) not in cache:
            cache[(size, margin)] = render_png(source, size, margin)
        return cache[(size, margin)]

    files: dict[str, bytes] = {}
    for size in HICOLOR_SIZES:
        files[f"hicolor/{size}x{size}/apps/{NAME}.png"] = png(size)
    files[f"hicolor/scalable/apps/{NAME}.svg"] = source.read_bytes()
    files[f"{NAME}.png"] = png(256)
    files[f"{NAME}.ico"] = ico_bytes((size, png(size)) for size in ICO_SIZES)
    files[f"{NAME}.icns"] = icns_bytes((kind, png(size, MAC_MARGIN)) for kind, size in ICNS_TYPES)
    if out.exists():
        shutil.rmtree(out)
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in sorted(files.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    digests = build(args.out, args.source)
    print(f"icons: {len(digests)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
