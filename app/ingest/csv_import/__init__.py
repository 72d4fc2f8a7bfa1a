"""CSV import from other tools: sniffing, a mapping model, one importer for both file shapes, presets.

The mapping file format is documented in `app/ingest/csv_import/mapping.py` and docs/import.md.
"""
