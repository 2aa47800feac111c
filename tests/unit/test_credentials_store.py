"""The credential store: secrets go to the keyring (or memory) and never to the settings file, and
every keyring failure becomes a specific, actionable CredentialError.

The small keyring backends below stand in for a locked, hanging or healthy keyring; the GUI tests
import them too. The real Secret Service is exercised in ``tests/e2e/test_credentials_cli.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from pathlib import Path
from typing import Any

import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

from snapview.core.credentials import AliyunCredentials, Profile, SignatureVersion
from snapview.core.redaction import redact
from snapview.services.credentials import (
    KEYRING_SERVICE,
    CredentialError,
    CredentialErrorKind,
    CredentialStore,
    backend_display_name,
)
from snapview.services.settings import Settings
from tests.helpers.secrets import (
    ALIYUN_SECRET,
    ALIYUN_SECRET_2,
    ENV_SECRET,
    SESSION_SECRET,
    STS_TOKEN,
)


class MemoryKeyring(KeyringBackend):
    """A healthy keyring in a dict. ``name`` picks the human name the app shows (module lookup)."""

    priority = -1  # never chosen by keyring's own discovery

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.data.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class FakeSecretService(MemoryKeyring):
    """A memory keyring that the app names like keyring's Secret Service backend."""


FakeSecretService.__module__ = "keyring.backends.SecretService"


class LockedKeyring(MemoryKeyring):
    """Refuses every call while ``locked``, as Secret Service does before the user unlocks it."""

    def __init__(self) -> None:
        super().__init__()
        self.locked = True

    def _check(self) -> None:
        if self.locked:
            raise KeyringLocked("Failed to unlock the keyring!")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        super().set_password(service, username, password)


class HangingKeyring(MemoryKeyring):
    """Blocks every call while ``hanging`` until the test sets ``release`` (a stuck D-Bus daemon)."""

    def __init__(self) -> None:
        super().__init__()
        self.hanging = True
        self.release = threading.Event()
        self.entered = threading.Event()

    def _wait(self) -> None:
        if self.hanging:
            self.entered.set()
            self.release.wait()

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)


def keyring_threads_done() -> bool:
    return not any(t.name == "snapview-keyring" and t.is_alive() for t in threading.enumerate())


@pytest.fixture
def settings(session_root: Path, request) -> Settings:
    """A settings file inside the session root, so the final secret scan reads it."""
    path = session_root / "unit-credentials" / request.node.name / "settings.json"
    path.unlink(missing_ok=True)
    return Settings(path)


def profile(name: str = "prod", **kwargs: Any) -> Profile:
    return Profile(
        name=name, access_key_id=str(kwargs.pop("access_key_id", "LTAI5tTestKeyId")), **kwargs
    )


def run(coro):
    return asyncio.run(coro)


def test_saved_secret_is_in_the_keyring_and_not_in_the_settings_file(settings: Settings) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(profile(uses_security_token=True), f"  {ALIYUN_SECRET}\n", STS_TOKEN))

    assert backend.data[(KEYRING_SERVICE, "aliyun:prod:secret")] == ALIYUN_SECRET  # pasted, trimmed
    assert backend.data[(KEYRING_SERVICE, "aliyun:prod:security-token")] == STS_TOKEN
    text = settings.path.read_text(encoding="utf-8")
    assert ALIYUN_SECRET not in text and STS_TOKEN not in text
    assert json.loads(text)["profiles"][0]["access_key_id"] == "LTAI5tTestKeyId"

    # A second store (the next app start) reads the same profile and secret back.
    again = CredentialStore(Settings(settings.path), keyring_backend=backend)
    loaded, creds = run(again.credentials("prod"))
    assert loaded.region == "cn-shanghai" and loaded.uses_security_token
    assert (creds.access_key_secret, creds.security_token) == (ALIYUN_SECRET, STS_TOKEN)
    # Loaded secrets are masked in anything redacted (logs, crash reports).
    assert ALIYUN_SECRET not in redact(f"oops {ALIYUN_SECRET} {STS_TOKEN}")
    assert STS_TOKEN not in redact(f"oops {STS_TOKEN}")


def test_saving_without_a_secret_keeps_the_stored_one_and_rename_moves_it(
    settings: Settings,
) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(profile(), ALIYUN_SECRET, None))
    run(
        store.save_profile(
            profile(region="cn-beijing", signature_version=SignatureVersion.V1), None, None
        )
    )
    loaded, creds = run(store.credentials("prod"))
    assert (loaded.region, loaded.signature_version, creds.access_key_secret) == (
        "cn-beijing",
        "v1",
        ALIYUN_SECRET,
    )

    run(
        store.save_profile(
            profile("prod-bj", region="cn-beijing"), None, None, previous_name="prod"
        )
    )
    assert [p.name for p in store.profiles_now()] == ["prod-bj"]
    assert run(store.credentials("prod-bj"))[1].access_key_secret == ALIYUN_SECRET
    assert (KEYRING_SERVICE, "aliyun:prod:secret") not in backend.data


def test_delete_removes_the_keyring_entries_and_forgets_the_last_profile(
    settings: Settings,
) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(profile(uses_security_token=True), ALIYUN_SECRET, STS_TOKEN))
    run(store.save_profile(profile("other"), ALIYUN_SECRET_2, None))
    settings.set("last_profile", "prod")
    run(store.delete_profile("prod"))
    assert [p.name for p in store.profiles_now()] == ["other"]
    assert all(user.startswith("aliyun:other:") for _, user in backend.data)
    assert settings.get("last_profile") is None
    with pytest.raises(CredentialError) as info:
        run(store.delete_profile("prod"))
    assert (
        info.value.kind == CredentialErrorKind.NO_SUCH_PROFILE
        and "prod" in info.value.message.english()
    )


@pytest.mark.parametrize(
    ("fields", "secret", "expected"),
    [
        ({"name": "  "}, ALIYUN_SECRET, "Give the profile a name"),
        ({"access_key_id": "LTAI 5t"}, ALIYUN_SECRET, "AccessKey ID"),
        ({"endpoint": "127.0.0.1:8600"}, ALIYUN_SECRET, "custom endpoint must be a URL"),
        ({}, "   ", "Enter the AccessKey secret"),
        ({"name": "environment"}, ALIYUN_SECRET, "read-only"),
    ],
)
def test_incomplete_profiles_are_refused_with_a_specific_message(
    settings: Settings, fields: dict[str, str], secret: str, expected: str
) -> None:
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    with pytest.raises(CredentialError) as info:
        run(store.save_profile(profile(**fields), secret, None))
    assert expected in info.value.message.english()
    assert store.profiles_now() == []


def test_fail_backend_means_session_only_and_nothing_on_disk(settings: Settings) -> None:
    store = CredentialStore(settings, keyring_backend=keyring.backends.fail.Keyring())
    assert store.session_only
    assert store.backend_name == "session only (no keyring)"
    run(store.save_profile(profile(), SESSION_SECRET, None))
    assert run(store.credentials("prod"))[1].access_key_secret == SESSION_SECRET
    assert SESSION_SECRET not in settings.path.read_text(encoding="utf-8")

    # The next start has the profile but not the secret, and says to enter it again.
    next_start = CredentialStore(
        Settings(settings.path), keyring_backend=keyring.backends.fail.Keyring()
    )
    with pytest.raises(CredentialError) as info:
        run(next_start.credentials("prod"))
    assert info.value.kind == CredentialErrorKind.MISSING_SECRET
    assert "Enter them again" in info.value.message.english()


def test_null_backend_and_empty_chainer_are_session_only(settings: Settings) -> None:
    from keyring.backends.chainer import ChainerBackend

    assert CredentialStore(settings, keyring_backend=keyring.backends.null.Keyring()).session_only

    class EmptyChainer(ChainerBackend):
        backends = ()  # keyring found no backend to chain

    EmptyChainer.__module__ = ChainerBackend.__module__
    assert CredentialStore(settings, keyring_backend=EmptyChainer()).session_only
    assert not CredentialStore(settings, keyring_backend=MemoryKeyring()).session_only


def test_backend_names_are_the_ones_users_know() -> None:
    secret_service = FakeSecretService()
    assert backend_display_name(secret_service) == "GNOME Keyring (Secret Service)"
    assert backend_display_name(keyring.backends.fail.Keyring()) == "session only (no keyring)"


def test_locked_keyring_gives_a_locked_error_and_works_once_unlocked(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # the store logs each failure
    caplog.set_level(logging.WARNING, logger="snapview.services.credentials")
    backend = LockedKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    with pytest.raises(CredentialError) as info:
        run(store.save_profile(profile(), ALIYUN_SECRET, None))
    assert info.value.kind == CredentialErrorKind.LOCKED
    assert "locked" in info.value.message.english() and "Retry" in info.value.message.english()
    assert info.value.kind.retryable
    assert store.profiles_now() == []  # nothing half-saved

    backend.locked = False
    run(store.save_profile(profile(), ALIYUN_SECRET, None))
    backend.locked = True
    with pytest.raises(CredentialError) as info:
        run(store.credentials("prod"))
    assert info.value.kind == CredentialErrorKind.LOCKED


def test_dbus_is_locked_error_text_counts_as_locked(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # the store logs each failure
    caplog.set_level(logging.WARNING, logger="snapview.services.credentials")

    class DBusLocked(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("org.freedesktop.Secret.Error.IsLocked: Collection is locked")

    store = CredentialStore(settings, keyring_backend=DBusLocked())
    run(store.save_profile(profile(), ALIYUN_SECRET, None))
    with pytest.raises(CredentialError) as info:
        run(store.credentials("prod"))
    assert info.value.kind == CredentialErrorKind.LOCKED


def test_unavailable_keyring_is_reported_without_leaking_the_secret(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # the store logs each failure
    caplog.set_level(logging.WARNING, logger="snapview.services.credentials")

    class Broken(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise ConnectionError(f"D-Bus connection refused while storing {password}")

    store = CredentialStore(settings, keyring_backend=Broken())
    with pytest.raises(CredentialError) as info:
        run(store.save_profile(profile(), ALIYUN_SECRET, None))
    assert info.value.kind == CredentialErrorKind.UNAVAILABLE
    text = info.value.message.english()
    assert "D-Bus connection refused" in text and "GNOME Keyring or KWallet" in text
    assert ALIYUN_SECRET not in text
    assert "D-Bus connection refused" in caplog.text and ALIYUN_SECRET not in caplog.text


def test_hanging_keyring_times_out_and_the_loop_keeps_running(settings: Settings) -> None:
    backend = HangingKeyring()
    store = CredentialStore(settings, timeout=0.3, keyring_backend=backend)
    ticks = 0

    async def scenario() -> CredentialError:
        nonlocal ticks
        saving = asyncio.ensure_future(store.save_profile(profile(), ALIYUN_SECRET, None))
        while not saving.done():  # the loop stays free while the keyring thread is stuck
            ticks += 1
            await asyncio.sleep(0)  # a bare yield: the loop runs other work between iterations
        error = saving.exception()
        assert isinstance(error, CredentialError)
        return error

    try:
        error = run(scenario())
    finally:
        backend.release.set()
    assert backend.entered.is_set()
    assert error.kind == CredentialErrorKind.TIMEOUT
    assert "did not answer within 0.3 seconds" in error.message.english()
    assert ticks >= 100
    assert store.profiles_now() == []
    join_keyring_threads()


def join_keyring_threads(timeout: float = 10.0) -> None:
    """Wait for released keyring worker threads to finish (no thread outlives its test)."""
    for thread in [t for t in threading.enumerate() if t.name == "snapview-keyring"]:
        thread.join(timeout)
    assert keyring_threads_done()


def test_missing_secret_asks_to_enter_it_again(settings: Settings) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(profile(), ALIYUN_SECRET, None))
    backend.data.clear()  # e.g. the keyring was reset or the profile came from another machine
    with pytest.raises(CredentialError) as info:
        run(store.credentials("prod"))
    assert info.value.kind == CredentialErrorKind.MISSING_SECRET
    assert "Enter it again" in info.value.message.english()
    assert "prod" in info.value.message.english()


def test_environment_profile_is_listed_read_only(settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    (env,) = store.profiles_now()
    assert (env.name, env.read_only, env.stored, env.access_key_id) == (
        "environment",
        True,
        False,
        "LTAI5tFromEnv",
    )
    assert run(store.credentials("environment"))[1].access_key_secret == ENV_SECRET
    with pytest.raises(CredentialError) as info:
        run(store.delete_profile("environment"))
    assert info.value.kind == CredentialErrorKind.READ_ONLY
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    assert store.profiles_now() == []


def test_memory_profile_is_listed_but_never_stored(settings: Settings) -> None:
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    changes: list[str] = []
    store.add_listener(lambda: changes.append("changed"))
    store.add_memory_profile(
        Profile("demo", endpoint="http://127.0.0.1:1"),
        AliyunCredentials("LTAI5tDemo", ALIYUN_SECRET_2),
    )
    assert changes == ["changed"]
    (demo,) = store.profiles_now()
    assert demo.read_only and not demo.stored
    assert run(store.credentials("demo"))[1].access_key_secret == ALIYUN_SECRET_2
    assert not settings.path.exists() or "demo" not in settings.path.read_text(encoding="utf-8")
