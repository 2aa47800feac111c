"""SMN and MFS signatures: a genuine envelope verifies, a tampered one does not, and without a
certificate or key the answer is "not verified" — never "valid"."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core.event_signatures import (
    SignatureStatus,
    is_allowed_cert_url,
    mfs_auth_sign,
    smn_string_to_sign,
    verify_event,
    verify_smn,
)
from snapview.core.huawei_events import parse_events
from tests.fixtures.huawei.smn_signing import identity, mfs_callback, seed_event, smn_envelope


def _load(body: dict):
    [event] = parse_events(json.dumps(body, ensure_ascii=False)).events
    return event


def test_string_to_sign_matches_spec_for_notification_without_subject() -> None:
    env = {
        "type": "Notification",
        "message": "m",
        "message_id": "id",
        "subject": "",
        "timestamp": "t",
        "topic_urn": "urn",
        "signature": "x",
        "unsubscribe_url": "u",
    }
    assert (
        smn_string_to_sign(env)
        == b"message\nm\nmessage_id\nid\ntimestamp\nt\ntopic_urn\nurn\ntype\nNotification\n"
    )
    env["type"] = "SubscriptionConfirmation"
    env["subscribe_url"] = "s"
    assert smn_string_to_sign(env) == (
        b"message\nm\nmessage_id\nid\nsubscribe_url\ns\ntimestamp\nt\ntopic_urn\nurn\ntype\nSubscriptionConfirmation\n"
    )


@pytest.mark.parametrize(
    "kind", ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]
)
def test_genuine_smn_envelope_is_valid_with_its_certificate(kind: str) -> None:
    message = seed_event() if kind == "Notification" else "Confirm by visiting the subscribe_url."
    event = _load(smn_envelope(message, kind=kind))
    check = verify_event(event, certificate=identity().cert_pem)
    assert check.status is SignatureStatus.VALID


def test_subject_free_notification_and_chinese_text_verify() -> None:
    event = _load(
        smn_envelope(
            {
                "event_type": "thumbnailComplete",
                "thumbnail_info": {"status": "FAILED", "error_msg": "截图失败"},
            },
            subject=None,
        )
    )
    assert verify_event(event, certificate=identity().cert_pem).status is SignatureStatus.VALID


def test_tampered_envelope_is_invalid() -> None:
    env = smn_envelope(seed_event())
    env["message"] = env["message"].replace("sample/15.jpg", "sample/16.jpg")
    check = verify_event(_load(env), certificate=identity().cert_pem)
    assert check.status is SignatureStatus.INVALID
    assert "does not match" in check.detail.english()


def test_signature_from_another_key_is_invalid() -> None:
    env = smn_envelope(seed_event(), who=identity("intruder"))
    assert (
        verify_event(_load(env), certificate=identity().cert_pem).status is SignatureStatus.INVALID
    )


def test_without_certificate_smn_is_unverified_never_valid() -> None:
    check = verify_event(_load(smn_envelope(seed_event())))
    assert check.status is SignatureStatus.UNVERIFIED
    assert "certificate" in check.detail.english()


def test_bad_certificate_bytes_and_bad_base64() -> None:
    env = smn_envelope(seed_event())
    assert verify_smn(env, b"not a certificate").status is SignatureStatus.UNVERIFIED
    env["signature"] = "@@@"
    assert verify_smn(env, identity().cert_pem).status is SignatureStatus.INVALID
    del env["signature"]
    assert verify_smn(env, identity().cert_pem).status is SignatureStatus.INVALID


def test_mfs_signature_valid_wrong_key_and_absent() -> None:
    body = mfs_callback(seed_event(), key="callback-key-123")
    event = _load(body)
    assert verify_event(event, mfs_key="callback-key-123").status is SignatureStatus.VALID
    assert verify_event(event, mfs_key="another-key").status is SignatureStatus.INVALID
    assert verify_event(event).status is SignatureStatus.UNVERIFIED
    unsigned = _load(mfs_callback(seed_event(), key=None))
    assert verify_event(unsigned, mfs_key="k").status is SignatureStatus.NOT_APPLICABLE


def test_mfs_sign_formula_is_hex_hmac_sha256_over_vod_prefix() -> None:
    # Computed outside our code: hmac.new(b"key", b"VOD_1_msg", hashlib.sha256).hexdigest()
    assert (
        mfs_auth_sign("key", "1", "msg")
        == "4f29d7eced42f24e5d275f68470164a02dd7dcebfaec83f1268688ef10415107"
    )


def test_bare_event_has_nothing_to_verify() -> None:
    assert verify_event(_load(seed_event())).status is SignatureStatus.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://smn.cn-north-4.myhuaweicloud.com/smn/SMNSigningCert-abc.pem", True),
        ("https://smn.ap-southeast-1.myhuaweicloud.com/cert.pem", True),
        ("http://smn.cn-north-4.myhuaweicloud.com/smn/cert.pem", False),
        ("https://smn.cn-north-4.myhuaweicloud.com.evil.com/cert.pem", False),
        ("https://smn.cn-north-4.myhuaweicloud.com@evil.com/cert.pem", False),
        ("https://evil.com/smn.cn-north-4.myhuaweicloud.com/cert.pem", False),
        ("https://smn.cn-north-4.myhuaweicloud.com:8443/cert.pem", False),
        ("https://smn.cn-north-4.myhuaweicloud.com/cert.txt", False),
        ("https://x.smn.cn-north-4.myhuaweicloud.com/cert.pem", False),
        ("https://127.0.0.1/cert.pem", False),
        ("not a url", False),
    ],
)
def test_certificates_are_fetched_only_from_smn_hosts_over_https(url: str, allowed: bool) -> None:
    assert is_allowed_cert_url(url) is allowed


def test_fetcher_refuses_a_forged_certificate_url_before_any_connection(tmp_path) -> None:
    import asyncio

    import httpx

    from snapview.services.cert_fetcher import CertFetcher, CertFetchError

    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, content=identity().cert_pem)

    async def attempt() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
            fetcher = CertFetcher(client, tmp_path)
            with pytest.raises(CertFetchError, match="only https://smn"):
                await fetcher.fetch("https://attacker.example/cert.pem")

    asyncio.run(attempt())
    assert requests == []
    assert list(tmp_path.iterdir()) == []


def test_verifier_accepts_the_emulators_independently_signed_events(emulator) -> None:
    """The emulator signs with its own string-to-sign code; both sides must agree (cross-check)."""
    import httpx

    from snapview.emulator.catalog import DEMO_MFS_KEY, HUAWEI_ASSET_ID_FAILED, HUAWEI_ASSET_ID_OK

    base = emulator.base_url
    cert = httpx.get(f"{base}/huawei/smn/SMN-test-cert.pem").content
    for asset in (HUAWEI_ASSET_ID_OK, HUAWEI_ASSET_ID_FAILED):
        smn = parse_events(httpx.get(f"{base}/huawei/events/{asset}?envelope=smn").text).events[0]
        assert verify_event(smn, certificate=cert).status is SignatureStatus.VALID
        assert verify_event(smn, certificate=identity().cert_pem).status is SignatureStatus.INVALID
        response = httpx.get(f"{base}/huawei/events/{asset}?envelope=mfs")
        body = dict(
            response.json(),
            headers={k: response.headers[k] for k in ("auth_timestamp", "auth_sign")},
        )
        mfs = parse_events(json.dumps(body)).events[0]
        assert verify_event(mfs, mfs_key=DEMO_MFS_KEY).status is SignatureStatus.VALID
    log = parse_events(httpx.get(f"{base}/huawei/events.jsonl").text, "events.jsonl")
    assert log.problems == []
    smn_events = [e for e in log.events if e.envelope.value == "smn"]
    assert smn_events and all(
        verify_event(e, certificate=cert).status is SignatureStatus.VALID for e in smn_events
    )


@settings(max_examples=40, deadline=None)
@given(
    message=st.text(min_size=1, max_size=80),
    subject=st.one_of(st.none(), st.just(""), st.text(max_size=20)),
    kind=st.sampled_from(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
    flip=st.integers(min_value=0),
)
def test_any_signed_envelope_verifies_and_any_changed_message_does_not(
    message, subject, kind, flip
) -> None:
    env = smn_envelope(message, kind=kind, subject=subject)
    assert verify_smn(env, identity().cert_pem).status is SignatureStatus.VALID
    position = flip % len(message)
    changed = (
        message[:position] + ("x" if message[position] != "x" else "y") + message[position + 1 :]
    )
    assert (
        verify_smn(dict(env, message=changed), identity().cert_pem).status
        is SignatureStatus.INVALID
    )
