"""Runs last (its folder sorts after every other test folder): no secret used anywhere in the suite
may be found in any file the suite's app instances wrote — settings, logs, caches, crash reports.

Every settings, log and cache directory of the suite points into the session root (see
``tests/conftest.py``); under ``scripts/with-keyring.sh`` the XDG directories are there too. The
keyring's own encrypted store and the D-Bus runtime sockets are not scanned: holding secrets is
their job. The secrets come from ``tests/helpers/secrets.py`` plus every long value the app
registered for redaction during this session.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from snapview.core.redaction import registered_secrets
from tests.helpers.secrets import TEST_SECRETS

# Relative to the session root: the keyring daemon's encrypted files and sockets.
_NOT_SCANNED = ("data/keyrings", "runtime")
_CHUNK = 4 * 1024 * 1024


def _files(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        dirs[:] = [d for d in dirs if f"{rel}/{d}".lstrip("./") not in _NOT_SCANNED]
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _forms(secret: str) -> set[bytes]:
    # As written by json.dump (ASCII here), by a UTF-16 Windows tool, and percent-encoded in a URL.
    from urllib.parse import quote

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


def _suite_secrets() -> list[str]:
    return [*TEST_SECRETS, *(s for s in registered_secrets() if len(s) >= 16)]


def test_the_scan_finds_a_planted_secret(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "snapview.log").write_text(f"x\ny {TEST_SECRETS[0]} z\n", encoding="utf-8")
    (tmp_path / "data" / "keyrings").mkdir(parents=True)
    (tmp_path / "data" / "keyrings" / "login.keyring").write_text(TEST_SECRETS[1], encoding="utf-8")
    assert find_secrets(tmp_path, TEST_SECRETS) == [
        ("logs/snapview.log", TEST_SECRETS[0][:6] + "…")
    ]


def test_no_secret_reached_any_file_the_suite_wrote(session_root: Path) -> None:
    files = list(_files(session_root))
    if not files:
        pytest.skip("no other test wrote a file in this session; run the whole suite")
    hits = find_secrets(session_root, _suite_secrets())
    assert not hits, f"secrets found on disk under {session_root}: {hits}"
