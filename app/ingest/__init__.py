"""Importers and detection channels: CSV from other tools, monitoring webhooks, e-mail files."""
