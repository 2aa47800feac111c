"""Every secret value the test suite uses, in one registry, so the end-of-session scan
(``tests/helpers/secret_scan.py``, run by ``tests/conftest.py``) can check that none of them reached
a settings, log or cache file, or any other file a test's app wrote.

Use these constants wherever a test needs an AccessKey secret, an STS token or another credential.
A suite with secrets of its own (a database password, a Huawei SK) registers them where it defines
them, at import time or in a fixture: ``register_test_secret(DB_PASSWORD)``. A secret that is not
registered is not scanned for. The emulator's demo secrets are registered below, by name.
"""

from __future__ import annotations

# Long, unique strings: a scan hit cannot be a coincidence.
ALIYUN_SECRET = "SvTestSecret-7f3a9c1e5b2d4f60a8e1"
ALIYUN_SECRET_2 = "SvTestSecret-2b8d6e0f4a1c3e5b7d9f"
ALIYUN_SECRET_ROTATED = "SvTestSecret-rotated-c4e6a8b0d2f1"
STS_TOKEN = "SvTestStsToken-CAIS9QJ1q6Ft5B2yfSjIr5bZ"
CLI_SECRET = "SvTestCliSecret-5e7a9c1b3d5f7a9c"
CLI_STS_TOKEN = "SvTestCliSts-0d2f4b6e8a1c3e5f"
SESSION_SECRET = "SvTestSessionOnly-9a7c5e3b1d0f"
ENV_SECRET = "SvTestEnvSecret-4c2e0a8f6d1b"
# Huawei Cloud secret keys (SK) and the security token of temporary credentials.
HUAWEI_SK = "SvTestHuaweiSk-3d5f7a9c1e2b4d6f8a0c"
HUAWEI_SK_2 = "SvTestHuaweiSk-8e6c4a2f0d9b7e5c3a1f"
HUAWEI_TOKEN = "SvTestHuaweiToken-gQpjbi1ub3J0aC00X7q"
HUAWEI_CLI_SK = "SvTestHuaweiCliSk-1c3e5a7b9d0f2e4a"

# Shorter ones would find unrelated bytes in images and caches.
MIN_SECRET_LENGTH = 8

TEST_SECRETS: list[str] = []


def register_test_secret(*secrets: str) -> None:
    """Add ``secrets`` to the ones the end-of-session scan looks for (duplicates are ignored)."""
    for secret in secrets:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"a test secret needs {MIN_SECRET_LENGTH}+ characters to be scanned for"
            )
        if secret not in TEST_SECRETS:
            TEST_SECRETS.append(secret)


# Secrets some tests spell out inline (wrong keys, planted tokens): scanned for too. New tests use
# the constants above; tests/unit/test_secret_scan.py checks that each of these is still in use.
INLINE_SECRETS = (
    "TopSecretValue12345",  # gui/test_app_shell.py: in a crash report
    "Zk3vQ9sEcReT0123456789abcdefGH",  # unit/test_redaction.py: logged to a real log file
    "thisIsNotTheRightSecret000000000",  # gui/test_video_flow.py: a wrong profile secret
    "not-the-secret-at-all",  # services/test_vod_client.py: a refused key
    "a-wrong-secret-value",  # e2e/test_ls_cli.py: the CLI with a wrong key
    "whatever-secret",  # e2e/test_ls_cli.py
    "wrong-secret",  # e2e/test_ls_cli.py
    "CAISwrongtoken",  # services/test_vod_client.py: a refused STS token
    "CAISnot-the-token",  # conformance/test_sdk_vs_emulator.py
    "CAIS8gF1q6Ft5B2yfSjIr5bSEsL",  # unit/test_redaction.py: a token in a query string
    "topsecret-token",  # services/test_images.py: a CDN auth token in an image URL
    "top-secret-token",  # unit/test_vod_errors.py
    "SvNotThePassword-123",  # services/test_team_store.py: a refused database password
)


def _emulator_secrets() -> list[str]:
    """The emulator catalogue's ``DEMO_*`` strings except the ``*_ID`` ones (key IDs are public):
    secrets, tokens and keys, including ones a later provider adds under the same naming; and the
    Huawei side's ``HUAWEI_DEMO_*_SK`` secret keys and ``*_TOKEN`` (its AKs and project ID are not
    secret)."""
    from snapview.emulator import catalog, huawei_catalog

    alibaba = [
        value
        for name, value in vars(catalog).items()
        if name.startswith("DEMO_") and not name.endswith("_ID") and isinstance(value, str)
    ]
    huawei = [
        value
        for name, value in vars(huawei_catalog).items()
        if name.startswith("HUAWEI_DEMO_")
        and name.endswith(("_SK", "_TOKEN"))
        and isinstance(value, str)
    ]
    return alibaba + huawei


register_test_secret(
    ALIYUN_SECRET,
    ALIYUN_SECRET_2,
    ALIYUN_SECRET_ROTATED,
    STS_TOKEN,
    CLI_SECRET,
    CLI_STS_TOKEN,
    SESSION_SECRET,
    ENV_SECRET,
    HUAWEI_SK,
    HUAWEI_SK_2,
    HUAWEI_TOKEN,
    HUAWEI_CLI_SK,
    *INLINE_SECRETS,
    *_emulator_secrets(),
)
