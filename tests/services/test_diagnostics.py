"""The diagnostic bundle of Help → Report a problem…: what support needs (versions, platform,
settings, the last log lines) and never a secret, whatever form it takes in the log or the
settings; a folder that cannot take the file gets a sentence that says so."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pytest

from snapview import __version__
from snapview.core.credentials import Profile
from snapview.services import diagnostics
from snapview.services.credentials import CredentialStore
from snapview.services.settings import Settings
from tests.helpers.secrets import ALIYUN_SECRET, HUAWEI_SK, STS_TOKEN
from tests.unit.test_credentials_store import MemoryKeyring


def _bundle_text(path: Path) -> str:
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as bundle:
            return "\n".join(bundle.read(name).decode() for name in bundle.namelist())
    return path.read_text(encoding="utf-8")


@pytest.fixture
def planted(tmp_path: Path):
    """A stored profile with its secret, and a log (as an older version might have left it) and a
    settings file holding that secret in every form: bare, key=value, in a URL, in a header."""
    settings = Settings(tmp_path / "config" / "settings.json")
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    profile = Profile("work", access_key_id="LTAI5tTestKeyId")
    asyncio.run(store.save_profile(profile, ALIYUN_SECRET, None))
    settings.set("recent_urls", [f"https://cdn.example.com/a.jpg?auth_key={STS_TOKEN}"])
    logs = tmp_path / "logs"
    logs.mkdir()
    lines = [f"2026-12-01 10:00:{i % 60:02d} INFO    snapview.x: line {i}\n" for i in range(700)]
    lines[-5:] = [
        f"ERROR snapview.vod: call failed, AccessKeySecret={ALIYUN_SECRET}\n",
        f"DEBUG snapview.vod: raw secret {ALIYUN_SECRET} in a repr\n",
        f'DEBUG snapview.hw: {{"sk": "{HUAWEI_SK}"}}\n',
        f"DEBUG snapview.http: Authorization: SDK-HMAC-SHA256 Access=AK, Signature={HUAWEI_SK}\n",
        "INFO    snapview.x: the last line\n",
    ]
    (logs / "snapview.log").write_text("".join(lines), encoding="utf-8")
    yield settings, logs
    # The planted files hold the raw secrets: they must not outlive the test (the session scan).
    (logs / "snapview.log").unlink()
    settings.path.unlink()


@pytest.mark.parametrize("name", ["report.zip", "report.txt"])
def test_the_bundle_has_versions_settings_and_the_last_log_lines_but_no_secret(
    planted, tmp_path: Path, name: str
) -> None:
    settings, logs = planted
    bundle = diagnostics.collect(diagnostics.read_settings(settings.path), logs)
    path = diagnostics.write_bundle(tmp_path / name, bundle)
    text = _bundle_text(path)
    for secret in (ALIYUN_SECRET, HUAWEI_SK, STS_TOKEN):
        assert secret not in text
    assert f"snapview: {__version__}" in text
    assert "pyside6: 6." in text and "qt: 6." in text and "platform: " in text
    assert '"name": "work"' in text  # the profile's settings are there, without their secret
    assert "the last line" in text and "line 694" in text
    assert "line 199\n" not in text  # only the last 500 lines
    assert bundle.log.count("\n") == diagnostics.LOG_LINES


def test_a_setting_named_like_a_secret_is_masked_at_any_depth() -> None:
    scrubbed = diagnostics.scrub_settings(
        {"profiles": [{"name": "a", "sk": "x", "db_password": "y"}], "uses_security_token": True}
    )
    assert scrubbed == {
        "profiles": [{"name": "a", "sk": "***", "db_password": "***"}],
        "uses_security_token": True,
    }


def test_no_log_yet_is_said_in_the_bundle(tmp_path: Path) -> None:
    bundle = diagnostics.collect({}, tmp_path / "nowhere")
    assert "no log file in" in bundle.log


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("missing-folder/report.zip", "does not exist"),
        ("a-file/report.zip", "does not exist"),
    ],
)
def test_a_folder_that_cannot_take_the_file_gets_a_clear_message(
    tmp_path: Path, target: str, expected: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    path = tmp_path / target
    with pytest.raises(diagnostics.DiagnosticsWriteError) as caught:
        diagnostics.write_bundle(path, diagnostics.collect({}, tmp_path))
    message = caught.value.user_message.english()
    assert expected in message and str(path.parent) in message
    assert not path.exists()


def test_a_read_only_folder_says_it_is_not_writable() -> None:
    """/sys refuses new files even to root (who ignores file modes), as a read-only folder does."""
    path = Path("/sys/kernel/snapview-report.zip")
    with pytest.raises(diagnostics.DiagnosticsWriteError) as caught:
        diagnostics.write_bundle(path, diagnostics.collect({}, Path("/nonexistent")))
    message = caught.value.user_message.english()
    assert "/sys/kernel is not writable" in message
