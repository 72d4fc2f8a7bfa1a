"""A throw-away PostgreSQL server for tests and benchmarks: initdb into a temp dir, pg_ctl on a loopback port."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BINDIR_ENV = "INCIDENT_DESK_PG_BINDIR"
MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package `postgresql` "
           f"(`make system-deps` does it as root) or point {PG_BINDIR_ENV} at their folder; PostgreSQL tests skipped")
# Speed over durability: the data dir is thrown away with the server.
SERVER_OPTIONS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                  "-c shared_buffers=128MB -c max_wal_size=1GB -c checkpoint_timeout=30min")


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<ver>/bin holding initdb (or $INCIDENT_DESK_PG_BINDIR)."""
    override = os.environ.get(PG_BINDIR_ENV)
    if override:  # exclusive: also how to check the skip path on a machine that has a server
        ok = (Path(override) / "initdb").exists() and (Path(override) / "pg_ctl").exists()
        return Path(override) if ok else None
    candidates: list[str] = []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                         if Path(p).parent.name.isdigit() else 0, reverse=True)
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One cluster; databases are cloned from a migrated, seeded template so each test gets a fresh one fast."""

    def __init__(self, bindir: Path, root: Path, port: int, run_as: str | None) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.port = port
        self.run_as = run_as
        self._names = itertools.count(1)
        self._templates: dict[str, str] = {}

    # -- life cycle ---------------------------------------------------------------------------------------
    @classmethod
    def start(cls, bindir: Path | None = None) -> PgServer:
        bindir = bindir or find_bindir()
        if bindir is None:
            raise FileNotFoundError(MISSING)
        root = Path(tempfile.mkdtemp(prefix="incident-desk-pg-"))
        run_as = None
        if os.geteuid() == 0:
            # The server refuses to run as root: hand the folder to the postgres account.
            run_as = "postgres"
            pw = pwd.getpwnam(run_as)
            os.chown(root, pw.pw_uid, pw.pw_gid)
        server = cls(bindir, root, free_port(), run_as)
        server._run("initdb", "-D", str(server.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C", "--no-sync")
        opts = f"-p {server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} {SERVER_OPTIONS}"
        server._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(server.data), "-l", str(root / "server.log"),
                    "-o", opts)
        return server

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        proc = subprocess.run(cmd, cwd="/", capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({proc.returncode}): {proc.stderr or proc.stdout}\n{tail}")

    # -- databases ----------------------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None, prefix: str = "t") -> str:
        """A new empty (or template-cloned) database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        for _ in range(3):
            try:
                self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except Exception:  # a pooled connection closing at the same moment; try again
                time.sleep(0.2)

    def seeded_template(self, login: str = "tester") -> str:
        """A database migrated to head and seeded for `login`, built once; clone it with create_database."""
        if login not in self._templates:
            from app.services.app import open_services

            name = f"tmpl_{login}"
            self.admin(f'CREATE DATABASE "{name}"')
            svc = open_services(self.url(name), None, login=login)
            svc.close()
            self._templates[login] = name
        return self._templates[login]

    def fresh_store(self, login: str = "tester") -> str:
        return self.create_database(self.seeded_template(login))
