"""A real, throw-away PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` from Debian's
``postgresql`` package (``/usr/lib/postgresql/*/bin``) into a temporary folder, on a free port of
the loopback interface. No mock and no SQLite standing in for it.

PostgreSQL refuses to run as root, and CI (and this machine) run the tests as root, so the server
commands then run as the ``postgres`` system user the package creates (``runuser``). The cluster
uses an ICU collation (``en-US``), as many real servers do, so the store is tested where text
does not sort byte by byte. Clients log in over TCP with a password (``scram-sha-256``), as a
team's desktops do; the harness itself creates databases over the cluster's private Unix socket.
The password is made per session and registered with the no-secrets scan.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from snapview.core.review.server import ServerLocation
from tests.helpers.secrets import register_test_secret

ROLE = "reviewer"
PASSWORD = f"SvTestDbPassword-{secrets.token_hex(8)}"
register_test_secret(PASSWORD)


class NoPostgresError(RuntimeError):
    pass


def bin_dir() -> Path:
    """The newest installed server version's programs."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if not found:
        raise NoPostgresError(
            "no PostgreSQL server installed (apt-get install postgresql; ./dev.sh test does it)"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self, root: Path) -> None:
        self.bin = bin_dir()
        self.root = root
        self.data = root / "data"
        self.port = _free_port()
        self.log = root / "server.log"
        self._as_postgres = os.geteuid() == 0
        self._databases = 0

    # -- running the server programs ---------------------------------------------------------------

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=check, cwd=self.root
        )

    def init(self) -> None:
        if self._as_postgres:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise NoPostgresError("no 'postgres' user to run the test server as") from None
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--no-sync",
            "--auth-local=trust", "--auth-host=scram-sha-256",
            "--locale-provider=icu", "--icu-locale=en-US", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200 -c log_min_messages=warning"
        )
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options,
            "start", check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"the test PostgreSQL did not start: {result.stderr}\n{self.logs()}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def logs(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    # -- for the tests -----------------------------------------------------------------------------

    def admin(self) -> Any:
        """A superuser connection over the private socket (creating roles and databases)."""
        import psycopg

        return psycopg.connect(
            host=str(self.data), port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def create_role(self) -> None:
        from psycopg import sql

        with self.admin() as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(ROLE), sql.Literal(PASSWORD)
                )
            )

    def create_database(self, prefix: str = "review") -> ServerLocation:
        from psycopg import sql

        self._databases += 1
        name = f"{prefix}_{self._databases}_{secrets.token_hex(3)}"
        with self.admin() as connection:
            connection.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(ROLE)
                )
            )
        return self.location(name)

    def location(self, database: str) -> ServerLocation:
        return ServerLocation(ROLE, "127.0.0.1", self.port, database)


@contextmanager
def running_server() -> Iterator[PostgresServer]:
    """A new cluster, started, with the test role; stopped and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="snapview-pg-"))
    server = PostgresServer(root)
    try:
        server.init()
        server.start()
        server.create_role()
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
