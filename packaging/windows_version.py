"""Windows file-version resource for the .exe (Explorer's Details tab), written from the pyproject version."""

from __future__ import annotations

from pathlib import Path

from version import APP_NAME, EXE_NAME, numeric_version

TEMPLATE = """VSVersionInfo(
  ffi=FixedFileInfo(filevers=({nums}), prodvers=({nums}), mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Incident Desk developers'),
      StringStruct('FileDescription', '{name}'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{exe}'),
      StringStruct('LegalCopyright', 'MIT licence'),
      StringStruct('OriginalFilename', '{exe}.exe'),
      StringStruct('ProductName', '{name}'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(target: Path, version: str) -> str:
    nums = ", ".join([*numeric_version(version).split("."), "0"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(nums=nums, name=APP_NAME, version=version, exe=EXE_NAME), encoding="utf-8")
    return str(target)
