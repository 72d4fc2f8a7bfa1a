"""Incident Desk: a desktop service-desk application for ITIL incident management."""

__version__ = "0.1.0"
