"""Persistence: SQLAlchemy tables, engine, migrations, repositories and unit of work."""
