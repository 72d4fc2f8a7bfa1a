"""Frozen entry point: the bundle's executable runs the same `main()` as `python -m app`."""

import multiprocessing
import sys

# Alembic imports the migration files from the bundle by path: never write __pycache__ beside them (it
# would break the macOS code signature, and /opt or Program Files is read-only anyway).
sys.dont_write_bytecode = True

from app.__main__ import main  # noqa: E402

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
