"""Huawei Cloud profiles in the credential store: the AK in the settings file with the region and the
project ID, the SK and the security token only in the keyring (entries named ``huawei:NAME:…``), a
specific message for every field that is wrong before anything is stored, a provider change that
needs the other cloud's secret, and the read-only environment profile of ``HUAWEICLOUD_SDK_*``.

The last test runs on the real Secret Service of ``scripts/with-keyring.sh``."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from snapview.core.credentials import (
    AliyunCredentials,
    HuaweiCredentials,
    InvalidProfile,
    Profile,
    Provider,
    validate_profile,
)
from snapview.core.redaction import redact
from snapview.services.credentials import (
    KEYRING_SERVICE,
    CredentialError,
    CredentialErrorKind,
    CredentialStore,
)
from snapview.services.settings import Settings
from tests.helpers.secrets import (
    ALIYUN_SECRET,
    ENV_SECRET,
    HUAWEI_SK,
    HUAWEI_SK_2,
    HUAWEI_TOKEN,
)
from tests.unit.test_credentials_store import MemoryKeyring

PROJECT = "0605767a3300d5762fb0c0186d9e1234"
real_keyring = pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"),
    reason="needs a real Secret Service: run through scripts/with-keyring.sh",
)


@pytest.fixture
def settings(session_root: Path, request) -> Settings:
    """A settings file inside the session root, so the final secret scan reads it."""
    path = session_root / "unit-huawei-profiles" / request.node.name / "settings.json"
    path.unlink(missing_ok=True)
    return Settings(path)


@pytest.fixture(autouse=True)
def no_cloud_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_SDK_", "ALIBABA_CLOUD_")):
            monkeypatch.delenv(name)


def huawei(name: str = "hw", **fields: Any) -> Profile:
    values: dict[str, Any] = {
        "provider": Provider.HUAWEI,
        "region": "cn-north-4",
        "access_key_id": "HPUATESTAK0000000001",
        "project_id": PROJECT,
    }
    values.update(fields)
    return Profile(name=name, **values)


def run(coro):
    return asyncio.run(coro)


def test_a_huawei_profile_keeps_its_sk_in_the_keyring_and_the_rest_in_settings(
    settings: Settings,
) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(huawei(project_id=PROJECT.upper()), f" {HUAWEI_SK}\n", None))

    assert backend.data[(KEYRING_SERVICE, "huawei:hw:secret")] == HUAWEI_SK
    assert not any(user.startswith("aliyun:") for _, user in backend.data)
    text = settings.path.read_text(encoding="utf-8")
    assert HUAWEI_SK not in text
    (record,) = json.loads(text)["profiles"]
    assert record["provider"] == "huawei"
    assert (record["region"], record["project_id"]) == ("cn-north-4", PROJECT)  # lower-cased
    assert record["access_key_id"] == "HPUATESTAK0000000001"

    # The next start reads the same profile back and makes Huawei credentials of it.
    again = CredentialStore(Settings(settings.path), keyring_backend=backend)
    loaded, creds = run(again.credentials("hw"))
    assert loaded.provider is Provider.HUAWEI and loaded.project_id == PROJECT
    assert isinstance(creds, HuaweiCredentials)
    assert (creds.access_key, creds.secret_key, creds.project_id) == (
        "HPUATESTAK0000000001",
        HUAWEI_SK,
        PROJECT,
    )
    assert HUAWEI_SK not in redact(f"oops {HUAWEI_SK}") and HUAWEI_SK not in str(creds)


def test_temporary_credentials_keep_their_security_token_in_the_keyring(
    settings: Settings,
) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(huawei(uses_security_token=True), HUAWEI_SK, HUAWEI_TOKEN))
    assert backend.data[(KEYRING_SERVICE, "huawei:hw:security-token")] == HUAWEI_TOKEN
    assert HUAWEI_TOKEN not in settings.path.read_text(encoding="utf-8")
    _, creds = run(store.credentials("hw"))
    assert isinstance(creds, HuaweiCredentials) and creds.security_token == HUAWEI_TOKEN

    del backend.data[(KEYRING_SERVICE, "huawei:hw:security-token")]
    with pytest.raises(CredentialError) as info:
        run(store.credentials("hw"))
    assert info.value.kind is CredentialErrorKind.MISSING_SECRET
    assert "The security token of profile “hw”" in info.value.message.english()
    del backend.data[(KEYRING_SERVICE, "huawei:hw:secret")]
    with pytest.raises(CredentialError) as info:
        run(store.credentials("hw"))
    assert "The secret key (SK) of profile “hw”" in info.value.message.english()


@pytest.mark.parametrize(
    ("fields", "secret", "expected"),
    [
        ({"access_key_id": ""}, HUAWEI_SK, "Enter the access key (AK)"),
        ({"access_key_id": "HPUA TEST"}, HUAWEI_SK, "Enter the access key (AK)"),
        ({"project_id": ""}, HUAWEI_SK, "A project ID is needed"),
        ({"project_id": "my-project"}, HUAWEI_SK, "is not a Huawei Cloud project ID"),
        ({"region": "cn-shanghai"}, HUAWEI_SK, "“cn-shanghai” is not a Huawei Cloud VOD region"),
        (
            {"endpoint": "vod.cn-north-4.myhuaweicloud.com"},
            HUAWEI_SK,
            "such as https://vod.cn-north-4.myhuaweicloud.com",
        ),
        ({}, "  ", "Enter the secret key (SK)."),
        ({"name": "environment-huawei"}, HUAWEI_SK, "read-only"),
    ],
)
def test_a_wrong_field_is_named_before_anything_is_stored(
    settings: Settings, fields: dict[str, Any], secret: str, expected: str
) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    with pytest.raises(CredentialError) as info:
        run(store.save_profile(huawei(**fields), secret, None))
    assert info.value.kind in (CredentialErrorKind.INVALID, CredentialErrorKind.READ_ONLY)
    assert expected in info.value.message.english()
    assert store.profiles_now() == [] and backend.data == {}


def test_a_custom_endpoint_replaces_the_region_but_not_the_project() -> None:
    checked = validate_profile(
        huawei(region="", endpoint=" http://127.0.0.1:8600 "), HUAWEI_SK, is_new=True
    )
    assert (checked.endpoint, checked.region) == ("http://127.0.0.1:8600", "cn-north-4")
    with pytest.raises(InvalidProfile, match="project ID is needed"):
        validate_profile(
            huawei(endpoint="http://127.0.0.1:8600", project_id=""), HUAWEI_SK, is_new=True
        )


def test_moving_a_profile_to_the_other_cloud_needs_that_clouds_secret(settings: Settings) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(settings, keyring_backend=backend)
    run(store.save_profile(Profile("acct", access_key_id="LTAI5tTestKeyId"), ALIYUN_SECRET, None))
    # The Alibaba secret would be signed with as an SK: refused until the SK is typed.
    with pytest.raises(CredentialError) as info:
        run(store.save_profile(huawei("acct"), None, None))
    assert "Enter the secret key (SK)." in info.value.message.english()
    before = store.find_profile("acct")
    assert before is not None and before.provider is Provider.ALIYUN  # nothing half-saved

    run(store.save_profile(huawei("acct"), HUAWEI_SK_2, None))
    assert set(backend.data) == {(KEYRING_SERVICE, "huawei:acct:secret")}
    _, creds = run(store.credentials("acct"))
    assert isinstance(creds, HuaweiCredentials) and creds.secret_key == HUAWEI_SK_2

    # A rename keeps the SK, under the new name.
    run(
        store.save_profile(huawei("acct-bj", region="cn-north-1"), None, None, previous_name="acct")
    )
    assert set(backend.data) == {(KEYRING_SERVICE, "huawei:acct-bj:secret")}
    run(store.delete_profile("acct-bj"))
    assert backend.data == {} and store.profiles_now() == []


def test_both_environment_profiles_when_both_clouds_variables_are_set(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "HPUAENVAK00000000001")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", HUAWEI_SK)
    (only,) = store.profiles_now()
    assert (only.name, only.provider, only.read_only, only.stored) == (
        "environment-huawei",
        Provider.HUAWEI,
        True,
        False,
    )
    assert (
        only.project_id == "" and only.region == "cn-north-4"
    )  # listed; loading says what's missing

    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", HUAWEI_TOKEN)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
    assert [(p.name, p.provider) for p in store.profiles_now()] == [
        ("environment", Provider.ALIYUN),
        ("environment-huawei", Provider.HUAWEI),
    ]
    profile, creds = run(store.credentials("environment-huawei"))
    assert profile.project_id == PROJECT and profile.uses_security_token
    assert isinstance(creds, HuaweiCredentials)
    assert (creds.secret_key, creds.security_token) == (HUAWEI_SK, HUAWEI_TOKEN)
    assert isinstance(run(store.credentials("environment"))[1], AliyunCredentials)
    with pytest.raises(CredentialError) as info:
        run(store.delete_profile("environment-huawei"))
    assert info.value.kind is CredentialErrorKind.READ_ONLY
    assert HUAWEI_SK not in redact(f"leak {HUAWEI_SK} {HUAWEI_TOKEN}")
    assert HUAWEI_TOKEN not in redact(f"leak {HUAWEI_TOKEN}")


def test_an_in_memory_huawei_profile_gives_its_credentials(settings: Settings) -> None:
    store = CredentialStore(settings, keyring_backend=MemoryKeyring())
    store.add_memory_profile(
        huawei("demo-hw", endpoint="http://127.0.0.1:1"),
        HuaweiCredentials("HPUADEMO", HUAWEI_SK_2, PROJECT),
    )
    (demo,) = store.profiles_now()
    assert demo.read_only and not demo.stored and demo.provider is Provider.HUAWEI
    _, creds = run(store.credentials("demo-hw"))
    assert isinstance(creds, HuaweiCredentials) and creds.secret_key == HUAWEI_SK_2
    assert not settings.path.exists()


@pytest.mark.keyring
@real_keyring
def test_huawei_profile_on_the_real_secret_service(settings: Settings) -> None:
    import keyring

    store = CredentialStore(settings)
    run(store.probe())
    assert "Secret Service" in store.backend_name, store.backend_name
    name = "hw-real-keyring"
    try:
        run(store.save_profile(huawei(name, uses_security_token=True), HUAWEI_SK, HUAWEI_TOKEN))
        # What any other program asking the Secret Service sees, under the provider's name.
        assert keyring.get_password(KEYRING_SERVICE, f"huawei:{name}:secret") == HUAWEI_SK
        assert (
            keyring.get_password(KEYRING_SERVICE, f"huawei:{name}:security-token") == HUAWEI_TOKEN
        )
        assert keyring.get_password(KEYRING_SERVICE, f"aliyun:{name}:secret") is None
        # A second store (the next app start) gets the same credentials from the keyring.
        again = CredentialStore(Settings(settings.path))
        run(again.probe())
        _, creds = run(again.credentials(name))
        assert isinstance(creds, HuaweiCredentials)
        assert (creds.secret_key, creds.security_token, creds.project_id) == (
            HUAWEI_SK,
            HUAWEI_TOKEN,
            PROJECT,
        )
        assert HUAWEI_SK not in settings.path.read_text(encoding="utf-8")
    finally:
        if store.find_profile(name) is not None:
            run(store.delete_profile(name))
    assert keyring.get_password(KEYRING_SERVICE, f"huawei:{name}:secret") is None
    assert keyring.get_password(KEYRING_SERVICE, f"huawei:{name}:security-token") is None
