"""Where a shared team review store lives: a ``postgresql://USER@HOST:PORT/DB?sslmode=…`` URL,
parsed and checked before anything connects.

The URL is kept in the settings, typed on the command line and shown in the app, so it must never
carry the password: one inside it (``user:pw@``, or ``?password=``) is refused with the way to
store it properly (``snapview review login``, which keeps it in the OS keyring). Only the libpq
parameters a desktop needs are accepted — TLS (``sslmode``, ``sslrootcert``…), timeouts,
``application_name`` — so a typo such as ``sslmdoe`` is an error, not a silently plain connection.
The password is looked up under :attr:`ServerLocation.keyring_user`, one per user, server and
database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

_CONTEXT = "ReviewServer"
SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432
# libpq connection parameters a desktop may set in the URL (none of them is a secret).
ALLOWED_PARAMETERS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "sslsni",
    "channel_binding",
    "gssencmode",
    "connect_timeout",
    "application_name",
    "target_session_attrs",
)
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
_NAME = re.compile(r"^[^\s/?#@]{1,63}$")


class ServerUrlError(UserFacingError):
    """A ``postgresql://`` location that cannot be used as given; says what to write instead."""


def _error(template: str, **params: object) -> ServerUrlError:
    return ServerUrlError(Message(_CONTEXT, template, params))


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a database server rather than a store file."""
    return text.strip().lower().startswith(tuple(f"{s}://" for s in SCHEMES))


@dataclass(frozen=True, slots=True)
class ServerLocation:
    """A parsed server URL, without a password (there is no field for one)."""

    user: str
    host: str
    port: int
    database: str
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """The URL as the user wrote it, normalised: safe to show, log and store."""
        host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        query = "&".join(f"{k}={quote(v, safe='/:')}" for k, v in self.parameters)
        text = f"postgresql://{quote(self.user, safe='')}@{host}:{self.port}/{quote(self.database)}"
        return f"{text}?{query}" if query else text

    @property
    def keyring_user(self) -> str:
        """The keyring username of this login's password (user, server and database)."""
        return f"postgresql:{self.user}@{self.host}:{self.port}/{self.database}"

    def connection_parameters(self) -> dict[str, str]:
        """libpq keyword parameters (``dbname``, ``host``…) for the driver, password not included."""
        return {
            "host": self.host,
            "port": str(self.port),
            "dbname": self.database,
            "user": self.user,
            **dict(self.parameters),
        }


def parse_server_url(text: str, *, default_user: str = "") -> ServerLocation:
    """The location in ``text``; :class:`ServerUrlError` says what is wrong with it (never echoing
    the URL, which may hold a password). ``default_user`` stands in for a URL without ``USER@``."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        raise _error(
            QT_TRANSLATE_NOOP(
                "ReviewServer",
                "The database URL is not valid; write it as "
                "postgresql://USER@HOST:PORT/DATABASE (one host, a numeric port).",
            )
        ) from None
    if parts.scheme.lower() not in SCHEMES:
        raise _error(
            QT_TRANSLATE_NOOP(
                "ReviewServer", "A shared review store URL starts with postgresql://."
            )
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    if parts.password is not None or any(k.lower() == "password" for k, _ in query):
        raise _error(
            QT_TRANSLATE_NOOP(
                "ReviewServer",
                "A password inside the database URL is not accepted: the URL is saved in the "
                "settings and shown on screen. Leave it out and store the password in the "
                "keyring with “snapview review login --db postgresql://USER@HOST:PORT/DATABASE”.",
            )
        )
    host = unquote(parts.hostname or "")
    user = unquote(parts.username or "") or default_user
    database = unquote(parts.path.lstrip("/"))
    if not host or not database or "," in host or "/" in database:
        raise _error(
            QT_TRANSLATE_NOOP(
                "ReviewServer",
                "The database URL needs a server and a database: "
                "postgresql://USER@HOST:PORT/DATABASE.",
            )
        )
    if not user or not _NAME.match(user):
        raise _error(
            QT_TRANSLATE_NOOP(
                "ReviewServer",
                "The database URL needs the user to log in as: postgresql://USER@HOST:PORT/DATABASE.",
            )
        )
    parameters: list[tuple[str, str]] = []
    for key, value in query:
        name = key.strip().lower()
        if name not in ALLOWED_PARAMETERS:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "ReviewServer",
                    "The database URL has an unknown parameter “{name}”; allowed are: {allowed}.",
                ),
                name=name[:40],
                allowed=", ".join(ALLOWED_PARAMETERS),
            )
        if name == "sslmode" and value not in SSL_MODES:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "ReviewServer", "sslmode must be one of {modes} in the database URL."
                ),
                modes=", ".join(SSL_MODES),
            )
        if name == "connect_timeout" and not (value.isdigit() and 1 <= int(value) <= 120):
            raise _error(
                QT_TRANSLATE_NOOP(
                    "ReviewServer",
                    "connect_timeout in the database URL is a number of seconds from 1 to 120.",
                )
            )
        parameters.append((name, value))
    return ServerLocation(user, host, port or DEFAULT_PORT, database, tuple(parameters))
