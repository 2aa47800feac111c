"""The no-secrets-on-disk scan: no secret used anywhere in the suite may be found in any file the
suite's app instances wrote (settings, logs, caches, crash reports, exports, test folders).

Every settings, log and cache directory of the suite, and pytest's ``tmp_path`` folders, are under
the session root (see ``tests/conftest.py``); under ``scripts/with-keyring.sh`` the XDG directories
are there too. The keyring daemon's own encrypted store and the D-Bus runtime sockets are not
scanned: holding secrets is their job. ``tests/conftest.py`` runs :func:`scan_session` once, when
the session finishes, whatever order the tests ran in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

from snapview.core.redaction import registered_secrets
from tests.helpers.secrets import TEST_SECRETS

# Relative to the session root: the keyring daemon's encrypted files and sockets.
NOT_SCANNED = ("data/keyrings", "runtime")
_CHUNK = 4 * 1024 * 1024
# Values the app registered for redaction at run time; shorter ones are not unique enough.
_MIN_REGISTERED_LENGTH = 16


def _files(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        dirs[:] = [d for d in dirs if f"{rel}/{d}".removeprefix("./") not in NOT_SCANNED]
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _forms(secret: str) -> set[bytes]:
    # As written by json.dump (ASCII here), by a UTF-16 Windows tool, and percent-encoded in a URL.
    return {secret.encode(), secret.encode("utf-16-le"), quote(secret, safe="").encode()}


def find_secrets(root: Path, secrets: Iterable[str]) -> list[tuple[str, str]]:
    """(file relative to root, first 6 characters of the secret) for every secret found."""
    needles = {form: secret for secret in secrets if len(secret) >= 8 for form in _forms(secret)}
    overlap = max((len(n) for n in needles), default=0)
    hits: list[tuple[str, str]] = []
    for path in _files(root):
        try:
            with path.open("rb") as handle:
                tail = b""
                while chunk := handle.read(_CHUNK):
                    window = tail + chunk
                    for needle, secret in needles.items():
                        if needle in window:
                            hits.append((str(path.relative_to(root)), secret[:6] + "…"))
                    tail = window[-overlap:]
        except OSError:
            continue  # a socket or a file removed while walking
    return sorted(set(hits))


def suite_secrets() -> list[str]:
    """Every registered test secret, and every long value the app registered for redaction."""
    app = [s for s in registered_secrets() if len(s) >= _MIN_REGISTERED_LENGTH]
    return [*TEST_SECRETS, *app]


def scan_session(root: Path) -> tuple[int, list[tuple[str, str]]]:
    """(number of files scanned, hits) for the session root."""
    return sum(1 for _ in _files(root)), find_secrets(root, suite_secrets())
