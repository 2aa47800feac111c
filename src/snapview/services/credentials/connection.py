""" "Test connection": one real signed call that proves a profile's key works.

Alibaba Cloud: ``ListSnapshots`` for a VideoId that cannot exist — ``InvalidVideo.NotFound`` proves the
key, the secret, the signature and the permission. Huawei Cloud: ``ListAssetList`` for one row of the
media library (:meth:`~snapview.services.huawei_client.HuaweiVodClient.test_connection`), which
proves the AK, the SK, the project and the IAM permission. Any other outcome comes back classified
(credentials, permission, clock, account, network), in the words of
:class:`~snapview.core.vod_errors.VodError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from snapview.core.credentials import (
    AliyunCredentials,
    CloudCredentials,
    HuaweiCredentials,
    Profile,
)
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import redact
from snapview.core.vod_errors import VodError

if TYPE_CHECKING:  # the VOD clients (and httpx) load with the first test, not with the dialog
    import httpx

    from snapview.services.huawei_client import HuaweiVodClient
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

log = logging.getLogger(__name__)

# A VideoId no real library holds: "not found" means the signed call itself was accepted.
CONNECTION_TEST_VIDEO_ID = "00000000snapviewconnectiontest0"


@dataclass(frozen=True, slots=True)
class ConnectionResult:
    """Outcome of "Test connection": ``ok`` and a user-facing message (classified on failure)."""

    ok: bool
    message: Message
    error_class: str | None = None


def _quick_retry() -> RetryPolicy:
    """At most two attempts, so an unreachable endpoint answers within seconds, not after a long
    backoff."""
    from snapview.services.retry import RetryPolicy

    return RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0)


async def check_connection(
    profile: Profile, credentials: CloudCredentials, *, http: httpx.AsyncClient | None = None
) -> ConnectionResult:
    """A real signed call with ``credentials`` to the profile's region or endpoint."""
    if isinstance(credentials, HuaweiCredentials):
        return await _check_huawei(profile, credentials, http)
    return await _check_aliyun(profile, credentials, http)


async def _check_aliyun(
    profile: Profile, credentials: AliyunCredentials, http: httpx.AsyncClient | None
) -> ConnectionResult:
    from snapview.services.vod_client import VodClient

    client: VodClient | None = None
    try:
        client = VodClient(
            credentials,
            region=profile.region,
            endpoint=profile.endpoint,
            signature=profile.signature_version,
            http=http,
            retry=_quick_retry(),
        )
        await client.list_snapshots(CONNECTION_TEST_VIDEO_ID)
    except VodError as exc:
        if exc.code == "InvalidVideo.NotFound":
            return _connected(profile)
        return _failed(profile, exc)
    finally:
        if client is not None:
            await client.aclose()
    # The made-up video exists?! The service accepted the signed call, so the key works.
    return _connected(profile)


async def _check_huawei(
    profile: Profile, credentials: HuaweiCredentials, http: httpx.AsyncClient | None
) -> ConnectionResult:
    from snapview.services.huawei_client import HuaweiVodClient

    client: HuaweiVodClient | None = None
    try:
        # The constructor checks the project ID and the region before anything is sent.
        client = HuaweiVodClient(
            credentials,
            region=profile.region,
            endpoint=profile.endpoint,
            http=http,
            retry=_quick_retry(),
        )
        await client.test_connection()
    except VodError as exc:
        return _failed(profile, exc)
    finally:
        if client is not None:
            await client.aclose()
    return ConnectionResult(
        True,
        Message(
            "Keyring",
            QT_TRANSLATE_NOOP(
                "Keyring",
                "Connected: the AK/SK are valid and may read the media library of project {project} in {where}.",
            ),
            {"project": credentials.project_id, "where": profile.endpoint or profile.region},
        ),
    )


def _failed(profile: Profile, exc: VodError) -> ConnectionResult:
    log.info("connection test for %s failed: %s", profile.name, redact(str(exc)))
    return ConnectionResult(False, exc.user_message, str(exc.error_class))


def _connected(profile: Profile) -> ConnectionResult:
    where = profile.endpoint or profile.region
    return ConnectionResult(
        True,
        Message(
            "Keyring",
            QT_TRANSLATE_NOOP(
                "Keyring", "Connected: the key is valid and may list snapshots in {where}."
            ),
            {"where": where},
        ),
    )
