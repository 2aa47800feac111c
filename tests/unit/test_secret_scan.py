"""The end-of-session secret scan finds a planted secret in every form it may be written in, skips
the keyring's own store, and scans for secrets other suites register."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers.secret_scan import find_secrets, suite_secrets
from tests.helpers.secrets import (
    ALIYUN_SECRET,
    ALIYUN_SECRET_2,
    INLINE_SECRETS,
    TEST_SECRETS,
    register_test_secret,
)

TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Iterator[Path]:
    # Not tmp_path: that is under the session root, which the real scan reads at the end.
    with tempfile.TemporaryDirectory(prefix="planted-secrets-") as folder:
        yield Path(folder)


def test_the_scan_finds_a_planted_secret(root: Path) -> None:
    (root / "logs").mkdir()
    (root / "logs" / "snapview.log").write_text(f"x\ny {ALIYUN_SECRET} z\n", encoding="utf-8")
    (root / "data" / "keyrings").mkdir(parents=True)
    (root / "data" / "keyrings" / "login.keyring").write_text(ALIYUN_SECRET_2, encoding="utf-8")
    assert find_secrets(root, [ALIYUN_SECRET, ALIYUN_SECRET_2]) == [
        ("logs/snapview.log", ALIYUN_SECRET[:6] + "…")
    ]


@pytest.mark.parametrize(
    "written",
    [
        ALIYUN_SECRET.encode("utf-16-le"),
        f"https://example.invalid/?k={quote(ALIYUN_SECRET, safe='')}".encode(),
        # Across the scan's 4 MiB read chunks.
        b"\0" * (4 * 1024 * 1024 - 5) + ALIYUN_SECRET.encode(),
    ],
    ids=["utf-16", "percent-encoded", "across-chunks"],
)
def test_the_scan_finds_every_form_of_a_secret(root: Path, written: bytes) -> None:
    (root / "cache.bin").write_bytes(written)
    assert find_secrets(root, [ALIYUN_SECRET]) == [("cache.bin", ALIYUN_SECRET[:6] + "…")]


def test_a_secret_another_suite_registers_is_scanned_for(root: Path) -> None:
    password = "SvTestDbPassword-registry-3e1a"
    register_test_secret(password)
    assert password in suite_secrets()
    (root / "review.db").write_text(f"postgresql://qa:{password}@localhost/review")
    assert find_secrets(root, suite_secrets()) == [("review.db", password[:6] + "…")]


def test_a_secret_too_short_to_scan_for_is_refused() -> None:
    with pytest.raises(ValueError, match="8\\+ characters"):
        register_test_secret("short")


def test_the_emulators_demo_secrets_are_scanned_for_and_its_key_ids_are_not() -> None:
    from snapview.emulator import catalog

    assert catalog.DEMO_ACCESS_KEY_SECRET in TEST_SECRETS
    assert catalog.DEMO_MFS_KEY in TEST_SECRETS
    assert catalog.DEMO_ACCESS_KEY_ID not in TEST_SECRETS


def test_every_inline_secret_is_still_used_by_a_test() -> None:
    """An entry whose test changed its literal would scan for nothing."""
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("*.py")
        if path.name != "secrets.py"
    )
    assert [s for s in INLINE_SECRETS if s not in sources] == []
