"""The test environment's keyring is a real Secret Service when the suite runs through dev.sh."""

from __future__ import annotations

import os

import pytest


@pytest.mark.keyring
@pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"), reason="needs scripts/with-keyring.sh"
)
def test_secret_service_round_trip() -> None:
    import keyring
    from keyring.backends import SecretService

    backend = keyring.get_keyring()
    assert isinstance(backend, SecretService.Keyring), type(backend)
    keyring.set_password("snapview-selftest", "probe", "value-1")
    assert keyring.get_password("snapview-selftest", "probe") == "value-1"
    keyring.delete_password("snapview-selftest", "probe")
    assert keyring.get_password("snapview-selftest", "probe") is None
