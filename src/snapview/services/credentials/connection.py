""" "Test connection": one real signed ``ListSnapshots`` call that proves a profile's key works.

``InvalidVideo.NotFound`` for a VideoId that cannot exist proves the key, the secret, the signature
and the permission; any other error comes back classified (credentials, permission, clock, account,
network), in the words of :class:`~snapview.core.vod_errors.VodError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from snapview.core.credentials import AliyunCredentials, Profile
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import redact
from snapview.core.vod_errors import VodError

if TYPE_CHECKING:  # the VOD client (and httpx) load with the first test, not with the dialog
    import httpx

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


async def check_connection(
    profile: Profile, credentials: AliyunCredentials, *, http: httpx.AsyncClient | None = None
) -> ConnectionResult:
    """A real signed ListSnapshots call for a VideoId that cannot exist.

    At most two attempts, so an unreachable endpoint answers within seconds, not after a long backoff.
    """
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

    client: VodClient | None = None
    try:
        client = VodClient(
            credentials,
            region=profile.region,
            endpoint=profile.endpoint,
            signature=profile.signature_version,
            http=http,
            retry=RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0),
        )
        await client.list_snapshots(CONNECTION_TEST_VIDEO_ID)
    except VodError as exc:
        if exc.code == "InvalidVideo.NotFound":
            return _connected(profile)
        log.info("connection test for %s failed: %s", profile.name, redact(str(exc)))
        return ConnectionResult(False, exc.user_message, str(exc.error_class))
    finally:
        if client is not None:
            await client.aclose()
    # The made-up video exists?! The service accepted the signed call, so the key works.
    return _connected(profile)


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
