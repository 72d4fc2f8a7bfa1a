"""Import use cases for the wizard and the command line: sniff, preview, dry run, import, mapping profiles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.domain.errors import NotFound, ValidationError
from app.ingest.csv_import.detect import FileSniff, sniff
from app.ingest.csv_import.importer import Importer, ImportSummary, PreviewRow, preview
from app.ingest.csv_import.mapping import Mapping
from app.ingest.csv_import.presets import BUILTIN
from app.ingest.csv_import.reader import Issue
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.jobs import NO_CONTROL, JobControl

PROFILE_NAME_MAX = 100


class ImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- files ------------------------------------------------------------------------------------

    def sniff(self, path: Path | str, encoding: str | None = None, delimiter: str | None = None) -> FileSniff:
        p = Path(path)
        if not p.is_file():
            raise ValidationError(f"There is no file {p}.", "file")
        return sniff(p, encoding, delimiter)

    def preview(self, path: Path | str, mapping: Mapping, max_incidents: int = 50
                ) -> tuple[list[PreviewRow], list[Issue]]:
        return preview(self.ctx, mapping, path, max_incidents=max_incidents)

    def dry_run(self, path: Path | str, mapping: Mapping, control: JobControl = NO_CONTROL) -> ImportSummary:
        return Importer(self.ctx, mapping, path).dry_run(control)

    def run(self, path: Path | str, mapping: Mapping, control: JobControl = NO_CONTROL,
            all_or_nothing: bool = False, batch_size: int | None = None,
            save_profile_as: str | None = None) -> Result[ImportSummary]:
        """Import (and first save the mapping as a named profile when asked, so a wizard makes one call)."""
        if save_profile_as:
            mapping = self.save_profile(mapping, save_profile_as).value
        importer = Importer(self.ctx, mapping, path, all_or_nothing=all_or_nothing,
                            **({"batch_size": batch_size} if batch_size else {}))
        summary = importer.run(control)
        return Result(summary, Changes.everything() if summary.incidents else Changes())

    # -- mapping profiles -------------------------------------------------------------------------

    def profile_names(self) -> list[str]:
        """Built-in presets first, then the profiles saved in the store."""
        with self.ctx.db.uow() as uow:
            saved = uow.imports.profile_names()
        return list(BUILTIN) + [n for n in saved if n not in BUILTIN]

    def profile(self, name: str) -> Mapping:
        if name in BUILTIN:
            return BUILTIN[name]
        with self.ctx.db.uow() as uow:
            data = uow.imports.profile(name)
        if data is None:
            raise NotFound(f"There is no import profile named '{name}'.")
        return Mapping.from_json(data)

    def save_profile(self, mapping: Mapping, name: str | None = None) -> Result[Mapping]:
        name = (name if name is not None else mapping.name).strip()
        if not name:
            raise ValidationError("Give the profile a name.", "name")
        if len(name) > PROFILE_NAME_MAX:
            raise ValidationError(f"The profile name is too long (at most {PROFILE_NAME_MAX} characters).", "name")
        if name in BUILTIN:
            raise ValidationError(f"'{name}' is a built-in preset; save your changes under another name.", "name")
        saved = replace(mapping, name=name, builtin=False)
        data = saved.to_json()
        Mapping.from_json(data)  # refuse to store what could not be loaded back
        with self.ctx.db.uow() as uow:
            uow.imports.put_profile(name, data)
            uow.commit()
        return Result(saved, Changes(topics=frozenset({"import_profiles"})))

    def delete_profile(self, name: str) -> Result[bool]:
        if name in BUILTIN:
            raise ValidationError(f"'{name}' is a built-in preset and cannot be deleted.", "name")
        with self.ctx.db.uow() as uow:
            gone = uow.imports.delete_profile(name)
            uow.commit()
        return Result(gone, Changes(topics=frozenset({"import_profiles"})))

    def outcome_counts(self) -> dict[str, int]:
        with self.ctx.db.uow() as uow:
            return uow.imports.outcome_counts()
