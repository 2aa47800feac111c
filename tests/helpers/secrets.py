"""Every secret value the test suite uses, in one list, so the final scan
(``tests/zz_final/test_no_secrets_on_disk.py``) can check that none of them reached a settings,
log or cache file.

Use these constants (or add yours to ``TEST_SECRETS``) wherever a test needs an AccessKey secret,
an STS token or another credential; a secret that is not listed here is not scanned for.
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


def _demo_secrets() -> list[str]:
    try:
        from snapview.emulator import catalog
    except ImportError:
        return []
    value = getattr(catalog, "DEMO_ACCESS_KEY_SECRET", None)
    return [value] if isinstance(value, str) and value else []


TEST_SECRETS: list[str] = [
    ALIYUN_SECRET,
    ALIYUN_SECRET_2,
    ALIYUN_SECRET_ROTATED,
    STS_TOKEN,
    CLI_SECRET,
    CLI_STS_TOKEN,
    SESSION_SECRET,
    ENV_SECRET,
    *_demo_secrets(),
]
