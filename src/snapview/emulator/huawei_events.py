"""The Huawei Cloud VOD side of the emulator: ``thumbnailComplete`` events, bare and in their envelopes.

Events follow SPEC B.1 (``asset_id``, ``status``, ``sample``/``dots`` with integer ``offset`` seconds and URLs
served by this emulator's CDN; FAILED events carry ``error_code``/``error_msg``). They come bare, in an SMN
envelope signed with signature v1 (SHA256withRSA over the key/value lines of SPEC B.2, with the test key in
:mod:`snapview.emulator.smn_test_key`, whose certificate is served at ``/huawei/smn/SMN-test-cert.pem``), or in
an MFS wrapper whose ``auth_sign`` HMAC travels in the response headers. The string to sign is written here
from the SPEC on purpose, independently of the app's verifier, so that the two cross-check each other.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from snapview.emulator import cdn
from snapview.emulator.catalog import HuaweiAsset
from snapview.emulator.smn_test_key import TEST_CERTIFICATE_PEM, TEST_PRIVATE_KEY_PEM
from snapview.emulator.state import STATE_KEY, EmulatorState

TOPIC_URN = "urn:smn:cn-north-4:0605767a3300d5762fb0c0186d9e1234:vod-thumbnail-events"
CERT_PATH = "/huawei/smn/SMN-test-cert.pem"
ENVELOPES = ("bare", "smn", "mfs")


@functools.lru_cache(maxsize=1)
def _private_key() -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(TEST_PRIVATE_KEY_PEM.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def smn_string_to_sign(envelope: dict[str, Any]) -> str:
    """SMN signature v1: sorted key/value lines, each ending in a newline (SPEC B.2)."""
    if envelope.get("type") == "Notification":
        names = ["message", "message_id", "subject", "timestamp", "topic_urn", "type"]
    else:
        names = ["message", "message_id", "subscribe_url", "timestamp", "topic_urn", "type"]
    lines = []
    for name in sorted(names):
        value = envelope.get(name)
        if name == "subject" and not value:
            continue
        lines.append(f"{name}\n{value}\n")
    return "".join(lines)


def smn_sign(envelope: dict[str, Any]) -> str:
    signature = _private_key().sign(
        smn_string_to_sign(envelope).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()
    )
    return base64.b64encode(signature).decode("ascii")


def mfs_auth_sign(key: str, timestamp: str, message: str) -> str:
    """hex(HMAC-SHA256(key, "VOD_" + auth_timestamp + "_" + message)) (SPEC B.2)."""
    return hmac.new(key.encode(), f"VOD_{timestamp}_{message}".encode(), hashlib.sha256).hexdigest()


def thumbnail_event(state: EmulatorState, asset: HuaweiAsset, base_url: str) -> dict[str, Any]:
    info: dict[str, Any] = {"asset_id": asset.asset_id, "status": asset.status}
    if asset.status == "SUCCEED":
        validity = state.config.url_validity_s or cdn.HUAWEI_URL_VALIDITY_S
        ts = cdn.token_start(state.now(), validity)
        key = state.catalog.cdn_private_key

        def url(kind: str, offset: int) -> str:
            return base_url + cdn.sign_path(cdn.huawei_path(asset.asset_id, kind, offset), ts, key)

        info["sample"] = [
            {"offset": t, "url": url("sample", t)}
            for t in range(0, asset.duration_s, asset.interval_s)
        ]
        info["dots"] = [{"offset": t, "url": url("dots", t)} for t in asset.dots]
    else:
        info["error_code"] = asset.error_code
        info["error_msg"] = asset.error_msg or "null"
    return {"event_type": "thumbnailComplete", "thumbnail_info": info}


def _timestamp(state: EmulatorState) -> str:
    return datetime.fromtimestamp(int(state.now()), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def smn_envelope(
    state: EmulatorState, event: dict[str, Any], base_url: str, subject: str = "thumbnailComplete"
) -> dict[str, Any]:
    message = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    envelope: dict[str, Any] = {
        "type": "Notification",
        "topic_urn": TOPIC_URN,
        "message_id": hashlib.md5(message.encode()).hexdigest(),
        "message": message,
        "subject": subject,
        "timestamp": _timestamp(state),
        "signature_version": "v1",
        "signing_cert_url": base_url + CERT_PATH,
        "unsubscribe_url": (
            f"{base_url}/huawei/smn/unsubscribe"
            f"?subscription_urn={TOPIC_URN}:6d8b3b1e9a2c4f0e8d7c6b5a49382716"
        ),
    }
    envelope["signature"] = smn_sign(envelope)
    return envelope


def smn_confirmation(state: EmulatorState, base_url: str) -> dict[str, Any]:
    """The SubscriptionConfirmation an HTTP(S) subscriber gets first; its ``message`` is plain text."""
    message = (
        f"You are invited to subscribe to topic {TOPIC_URN}. "
        "To confirm the subscription, visit the subscribe_url included in this message."
    )
    envelope: dict[str, Any] = {
        "type": "SubscriptionConfirmation",
        "topic_urn": TOPIC_URN,
        "message_id": hashlib.md5(message.encode()).hexdigest(),
        "message": message,
        "timestamp": _timestamp(state),
        "signature_version": "v1",
        "signing_cert_url": base_url + CERT_PATH,
        "subscribe_url": f"{base_url}/huawei/smn/subscribe?topic_urn={TOPIC_URN}&token=5a9f1e0c7b3d4e6f",
    }
    envelope["signature"] = smn_sign(envelope)
    return envelope


def mfs_wrapper(
    state: EmulatorState, event: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The MFS body and the headers that carry its HMAC."""
    message = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    stamp = str(int(state.now()))
    return {"message": message}, {
        "auth_timestamp": stamp,
        "auth_sign": mfs_auth_sign(state.catalog.mfs_key, stamp, message),
    }


def _envelope_error(value: str) -> web.Response:
    return web.json_response(
        {
            "error_code": "VOD.10001",
            "error_msg": f"envelope must be one of {', '.join(ENVELOPES)}, not {value[:40]!r}",
        },
        status=400,
    )


async def handle_event(request: web.Request) -> web.Response:
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    state.count("huawei_events")
    asset = state.catalog.huawei_assets.get(request.match_info["asset"])
    if asset is None:
        state.count("404s")
        return web.json_response(
            {"error_code": "VOD.10072", "error_msg": "The media asset does not exist."}, status=404
        )
    envelope = request.rel_url.query.get("envelope", "bare")
    base_url = f"http://{request.host}"
    event = thumbnail_event(state, asset, base_url)
    if envelope == "bare":
        return web.json_response(event)
    if envelope == "smn":
        return web.json_response(smn_envelope(state, event, base_url))
    if envelope == "mfs":
        body, headers = mfs_wrapper(state, event)
        return web.json_response(body, headers=headers)
    return _envelope_error(envelope)


async def handle_events_jsonl(request: web.Request) -> web.Response:
    """Several events as JSON Lines: an SMN subscription confirmation, every catalogue asset in every
    envelope, and a non-thumbnail event."""
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    state.count("huawei_events")
    base_url = f"http://{request.host}"
    wanted = request.rel_url.query.get("envelope", "mixed")
    if wanted != "mixed" and wanted not in ENVELOPES:
        return _envelope_error(wanted)
    # An HTTP subscription's log starts with the confirmation request (a plain-text message).
    lines: list[dict[str, Any]] = (
        [smn_confirmation(state, base_url)] if wanted in ("mixed", "smn") else []
    )
    for asset in state.catalog.huawei_assets.values():
        event = thumbnail_event(state, asset, base_url)
        for envelope in ENVELOPES if wanted == "mixed" else (wanted,):
            if envelope == "bare":
                lines.append(event)
            elif envelope == "smn":
                lines.append(smn_envelope(state, event, base_url))
            else:
                lines.append(mfs_wrapper(state, event)[0])
    if wanted == "mixed" and state.catalog.huawei_assets:
        first = next(iter(state.catalog.huawei_assets.values()))
        lines.append(
            {
                "event_type": "transcodeComplete",
                "transcode_info": {
                    "asset_id": first.asset_id,
                    "status": "SUCCEED",
                    "output": [
                        {
                            "play_type": "HLS",
                            "url": f"{base_url}/hls/{first.asset_id}/index.m3u8",
                            "quality": "HD",
                            "width": 1280,
                            "hight": 720,
                        }
                    ],
                },
            }
        )
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    return web.Response(text=text, content_type="application/x-ndjson")


async def handle_confirmation(request: web.Request) -> web.Response:
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    state.count("huawei_events")
    return web.json_response(smn_confirmation(state, f"http://{request.host}"))


async def handle_certificate(request: web.Request) -> web.Response:
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    return web.Response(text=TEST_CERTIFICATE_PEM, content_type="application/x-pem-file")
