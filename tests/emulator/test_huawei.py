"""Huawei thumbnailComplete events from the emulator: bare, SMN-signed (checked here with cryptography
directly, from the SPEC's string-to-sign rules) and MFS-wrapped (HMAC in headers)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import httpx
import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from snapview.core import event_signatures
from snapview.emulator import catalog as cat


def _get(emulator, path: str) -> httpx.Response:
    return httpx.get(emulator.base_url + path, timeout=10)


def _smn_string_to_sign(envelope: dict) -> bytes:
    # Written from SPEC B.2 independently of the emulator: sorted keys, "key\nvalue\n" each.
    names = ["message", "message_id", "subject", "timestamp", "topic_urn", "type"]
    if envelope["type"] != "Notification":
        names = ["message", "message_id", "subscribe_url", "timestamp", "topic_urn", "type"]
    elif not envelope.get("subject"):
        names.remove("subject")
    return "".join(f"{n}\n{envelope[n]}\n" for n in sorted(names)).encode("utf-8")


def test_bare_succeed_event_has_offsets_and_fetchable_urls(emulator) -> None:
    event = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}").json()
    assert event["event_type"] == "thumbnailComplete"
    info = event["thumbnail_info"]
    assert info["asset_id"] == cat.HUAWEI_ASSET_ID_OK
    assert info["status"] == "SUCCEED"
    assert [s["offset"] for s in info["sample"]] == list(range(0, 120, 12))
    assert [d["offset"] for d in info["dots"]] == [5, 17, 42, 90]
    assert all(isinstance(s["offset"], int) for s in info["sample"] + info["dots"])
    image = httpx.get(info["dots"][1]["url"], timeout=10)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"


def test_failed_event_carries_the_error(emulator) -> None:
    info = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_FAILED}").json()["thumbnail_info"]
    assert info["status"] == "FAILED"
    assert info["error_code"] == "VOD.10053"
    assert info["error_msg"]
    assert "sample" not in info


def test_smn_envelope_signature_verifies_with_the_served_certificate(emulator) -> None:
    envelope = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}?envelope=smn").json()
    assert envelope["type"] == "Notification"
    assert envelope["signature_version"] == "v1"
    assert envelope["topic_urn"].startswith("urn:smn:")
    assert envelope["signing_cert_url"].endswith(".pem")
    assert json.loads(envelope["message"])["thumbnail_info"]["asset_id"] == cat.HUAWEI_ASSET_ID_OK
    pem = httpx.get(envelope["signing_cert_url"], timeout=10)
    assert pem.status_code == 200
    certificate = x509.load_pem_x509_certificate(pem.content)
    assert "TEST KEY" in certificate.subject.rfc4514_string()
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)  # SMN signs with RSA (PKCS#1 v1.5, SHA-256)
    signature = base64.b64decode(envelope["signature"])
    key.verify(signature, _smn_string_to_sign(envelope), padding.PKCS1v15(), hashes.SHA256())
    tampered = dict(envelope, message=envelope["message"].replace("SUCCEED", "FAILED"))
    with pytest.raises(InvalidSignature):
        key.verify(signature, _smn_string_to_sign(tampered), padding.PKCS1v15(), hashes.SHA256())


def test_subscription_confirmation_is_signed_over_its_own_fields(emulator) -> None:
    envelope = _get(emulator, "/huawei/smn/confirmation").json()
    assert envelope["type"] == "SubscriptionConfirmation"
    assert "subscribe_url" in envelope
    assert "subject" not in envelope
    certificate = x509.load_pem_x509_certificate(
        httpx.get(envelope["signing_cert_url"], timeout=10).content
    )
    signature = base64.b64decode(envelope["signature"])
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, _smn_string_to_sign(envelope), padding.PKCS1v15(), hashes.SHA256())


def test_mfs_wrapper_carries_an_hmac_in_headers(emulator) -> None:
    response = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}?envelope=mfs")
    body = response.json()
    assert set(body) == {"message"}
    stamp = response.headers["auth_timestamp"]
    expected = hmac.new(
        cat.DEMO_MFS_KEY.encode(), f"VOD_{stamp}_{body['message']}".encode(), hashlib.sha256
    ).hexdigest()
    assert response.headers["auth_sign"] == expected
    assert json.loads(body["message"])["event_type"] == "thumbnailComplete"


def test_events_jsonl_mixes_envelopes(emulator) -> None:
    response = _get(emulator, "/huawei/events.jsonl")
    docs = [json.loads(line) for line in response.text.splitlines()]
    assert len(docs) == 8
    assert docs[0]["type"] == "SubscriptionConfirmation"
    smn = [d for d in docs[1:] if "topic_urn" in d]
    bare = [d for d in docs if "event_type" in d]
    mfs = [d for d in docs if set(d) == {"message"}]
    assert (len(smn), len(mfs)) == (2, 2)
    assert {d["event_type"] for d in bare} == {"thumbnailComplete", "transcodeComplete"}


def test_unknown_asset_and_bad_envelope(emulator) -> None:
    missing = _get(emulator, "/huawei/events/00000000000000000000000000000000")
    assert missing.status_code == 404
    assert missing.json()["error_code"]
    bad = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}?envelope=carrier-pigeon")
    assert bad.status_code == 400
    assert "bare, smn, mfs" in bad.json()["error_msg"]


def test_the_apps_verifier_accepts_what_the_emulator_signs(emulator) -> None:
    # Two independent implementations of SPEC B.2 (the emulator's signer, the inspector's verifier).
    envelope = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}?envelope=smn").json()
    certificate = httpx.get(envelope["signing_cert_url"], timeout=10).content
    assert event_signatures.verify_smn(envelope, certificate).status == "valid"
    confirmation = _get(emulator, "/huawei/smn/confirmation").json()
    assert event_signatures.verify_smn(confirmation, certificate).status == "valid"
    forged = dict(envelope, subject="something else")
    assert event_signatures.verify_smn(forged, certificate).status == "invalid"
    mfs = _get(emulator, f"/huawei/events/{cat.HUAWEI_ASSET_ID_OK}?envelope=mfs")
    check = event_signatures.verify_mfs(
        mfs.json()["message"],
        mfs.headers["auth_timestamp"],
        mfs.headers["auth_sign"],
        cat.DEMO_MFS_KEY,
    )
    assert check.status == "valid"
