"""Credential profiles and their secrets (see :mod:`.store`): the names the rest of the app uses.

The package keeps one concept per module: :mod:`.errors` (the one error and how keyring failures
map onto it), :mod:`.backend` (the OS keyring behind a timeout), :mod:`.environment` (the SDKs'
environment variables, one profile per provider), :mod:`.store` (profiles and secrets of both
providers) and :mod:`.connection` ("Test connection"). Profile validation is pure and lives in
:func:`snapview.core.credentials.validate_profile`.
"""

from snapview.core.credentials import ALIYUN_REGIONS
from snapview.services.credentials.backend import (
    KEYRING_SERVICE,
    SESSION_ONLY_NAME,
    backend_display_name,
    is_session_only_backend,
)
from snapview.services.credentials.connection import (
    CONNECTION_TEST_VIDEO_ID,
    ConnectionResult,
    check_connection,
)
from snapview.services.credentials.environment import (
    ENVIRONMENT_PROFILE,
    ENVIRONMENT_PROFILES,
    HUAWEI_ENVIRONMENT_PROFILE,
)
from snapview.services.credentials.errors import CredentialError, CredentialErrorKind
from snapview.services.credentials.store import (
    LAST_PROFILE_KEY,
    CredentialStore,
    load_profile_credentials,
)

__all__ = [
    "ALIYUN_REGIONS",
    "CONNECTION_TEST_VIDEO_ID",
    "ENVIRONMENT_PROFILE",
    "ENVIRONMENT_PROFILES",
    "HUAWEI_ENVIRONMENT_PROFILE",
    "KEYRING_SERVICE",
    "LAST_PROFILE_KEY",
    "SESSION_ONLY_NAME",
    "ConnectionResult",
    "CredentialError",
    "CredentialErrorKind",
    "CredentialStore",
    "backend_display_name",
    "check_connection",
    "is_session_only_backend",
    "load_profile_credentials",
]
