"""Checks that a Huawei VOD event really came from Huawei: SMN signature v1 and the MFS ``auth_sign``.

Pure computation (``cryptography`` for RSA, ``hmac`` for HMAC), no I/O: the caller supplies the
certificate bytes (from a file the user chose, or from :mod:`snapview.services.cert_fetcher` when
the user asked for a fetch) or the MFS key. Every check ends in one of four outcomes — ``valid``,
``invalid``, ``unverified`` (could not check: no certificate, no key) or ``not-applicable`` (nothing
is signed) — with a sentence saying why. Without a certificate the answer is never "valid".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from snapview.core.huawei_events import Envelope, VodEvent
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

# ``cryptography`` (its x509 half alone ~250 ms to import) is loaded by the first RSA check, not
# when the window is built: the events feature imports this module for its types and HMAC checks.

_CTX = "EventSignatures"  # literal in each QT_TRANSLATE_NOOP: lupdate reads no variables
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}", re.ASCII)


class SignatureStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNVERIFIED = "unverified"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    status: SignatureStatus
    detail: Message


def _check(status: SignatureStatus, template: str, **params: object) -> SignatureCheck:
    return SignatureCheck(status, Message(_CTX, template, params))


class CertificateError(ValueError):
    """The bytes are not a usable X.509 certificate with an RSA key."""


class UnsignableText(ValueError):
    """Text that has no UTF-8 form (a lone surrogate, which JSON's ``\\ud800`` escape can make), so
    no signature can have been computed over it. ``field`` names it; ``position`` is 1-based."""

    def __init__(self, field: str, position: int, character: str) -> None:
        super().__init__(f"{field} holds a lone surrogate (\\u{ord(character):04x}) at {position}")
        self.field = field
        self.position = position
        self.character = character


def _utf8(text: str, field: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnsignableText(field, exc.start + 1, text[exc.start]) from None


def _unsignable(exc: UnsignableText) -> SignatureCheck:
    return _check(
        SignatureStatus.INVALID,
        QT_TRANSLATE_NOOP(
            "EventSignatures",
            "“{field}” holds a lone surrogate ({character}) at character {position}: no one can have signed it.",
        ),
        field=exc.field,
        character=f"\\u{ord(exc.character):04x}",
        position=exc.position,
    )


# -- SMN -------------------------------------------------------------------------------------------

_NOTIFICATION_KEYS = ("message", "message_id", "subject", "timestamp", "topic_urn", "type")
_CONFIRMATION_KEYS = ("message", "message_id", "subscribe_url", "timestamp", "topic_urn", "type")


def smn_string_to_sign(envelope: Mapping[str, Any]) -> bytes:
    """SPEC B.2: each key (sorted) on one line, its value on the next, every line ending in "\\n".
    Notifications leave ``subject`` out when it is absent or empty. :class:`UnsignableText` when a
    value has no UTF-8 form."""
    kind = str(envelope.get("type", ""))
    keys = _NOTIFICATION_KEYS if kind == "Notification" else _CONFIRMATION_KEYS
    lines: list[bytes] = []
    for key in sorted(keys):
        value = envelope.get(key)
        if key == "subject" and (value is None or value == ""):
            continue
        lines.append(f"{key}\n".encode() + _utf8(f"{'' if value is None else value}\n", key))
    return b"".join(lines)


def load_certificate(data: bytes) -> rsa.RSAPublicKey:
    """The RSA public key of a PEM (or DER) certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        if b"-----BEGIN" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateError(f"not an X.509 certificate ({exc})") from None
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise CertificateError("the certificate's key is not RSA (SMN signs with RSA)")
    return key


def verify_smn(envelope: Mapping[str, Any], certificate: bytes | None) -> SignatureCheck:
    """Verify an SMN envelope's ``signature`` with the certificate's key (SHA256withRSA, PKCS#1 v1.5)."""
    version = str(envelope.get("signature_version", "v1") or "v1").lower()
    if version != "v1":
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP("EventSignatures", "Signature version {version} is not supported."),
            version=version,
        )
    signature_text = envelope.get("signature")
    if not isinstance(signature_text, str) or not signature_text.strip():
        return _check(
            SignatureStatus.INVALID,
            QT_TRANSLATE_NOOP("EventSignatures", "The SMN envelope carries no signature."),
        )
    if not isinstance(envelope.get("message"), str):
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP(
                "EventSignatures",
                "The message is not the original string, so it cannot be checked.",
            ),
        )
    try:
        signed = smn_string_to_sign(envelope)
    except UnsignableText as exc:
        return _unsignable(exc)
    if certificate is None:
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP(
                "EventSignatures",
                "Not verified: choose the signing certificate (.pem) to check it.",
            ),
        )
    try:
        key = load_certificate(certificate)
    except CertificateError as exc:
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP(
                "EventSignatures", "Not verified: the certificate cannot be used: {reason}"
            ),
            reason=str(exc),
        )
    try:
        signature = base64.b64decode(signature_text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return _check(
            SignatureStatus.INVALID,
            QT_TRANSLATE_NOOP("EventSignatures", "The signature is not valid base64."),
        )
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return _check(
            SignatureStatus.INVALID,
            QT_TRANSLATE_NOOP(
                "EventSignatures",
                "The signature does not match: the envelope was changed or signed with another key.",
            ),
        )
    return _check(
        SignatureStatus.VALID,
        QT_TRANSLATE_NOOP("EventSignatures", "Signed by the certificate's key."),
    )


# -- MFS -------------------------------------------------------------------------------------------


def mfs_auth_sign(key: str, auth_timestamp: str, message: str) -> str:
    """``hex(HMAC-SHA256(key, "VOD_" + auth_timestamp + "_" + message))``. :class:`UnsignableText`
    when the timestamp or the message has no UTF-8 form. A key read from the environment or the
    command line keeps its original bytes (surrogateescape), whatever the locale."""
    data = b"VOD_" + _utf8(auth_timestamp, "auth_timestamp") + b"_" + _utf8(message, "message")
    return hmac.new(key.encode("utf-8", "surrogateescape"), data, hashlib.sha256).hexdigest()


def mfs_headers(envelope: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """``auth_timestamp`` and ``auth_sign`` from a pasted callback: beside ``message`` or in a
    ``headers`` object (names compared case-insensitively, ``-`` and ``_`` alike)."""
    found: dict[str, str] = {}
    sources: list[Mapping[str, Any]] = [envelope]
    headers = envelope.get("headers")
    if isinstance(headers, Mapping):
        sources.append(headers)
    for mapping in sources:
        for name, value in mapping.items():
            norm = str(name).lower().replace("-", "_")
            if norm in ("auth_timestamp", "auth_sign") and value is not None:
                found[norm] = str(value)
    return found.get("auth_timestamp"), found.get("auth_sign")


def verify_mfs(
    message: str, auth_timestamp: str | None, auth_sign: str | None, key: str | None
) -> SignatureCheck:
    if not auth_sign:
        return _check(
            SignatureStatus.NOT_APPLICABLE,
            QT_TRANSLATE_NOOP(
                "EventSignatures", "The callback carries no auth_sign (signing is off)."
            ),
        )
    if auth_timestamp is None:
        return _check(
            SignatureStatus.INVALID,
            QT_TRANSLATE_NOOP("EventSignatures", "auth_sign without auth_timestamp."),
        )
    candidate = auth_sign.strip().lower()
    if not _HEX_DIGEST.fullmatch(candidate):
        return _check(
            SignatureStatus.INVALID,
            QT_TRANSLATE_NOOP(
                "EventSignatures",
                "auth_sign “{value}” is not an HMAC-SHA256 in hex (64 characters 0-9, a-f).",
            ),
            value=candidate[:24] + ("…" if len(candidate) > 24 else ""),
        )
    try:
        _utf8(auth_timestamp, "auth_timestamp")
        _utf8(message, "message")
    except UnsignableText as exc:
        return _unsignable(exc)
    if not key:
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP(
                "EventSignatures", "Not verified: enter the callback key to check auth_sign."
            ),
        )
    try:
        expected = mfs_auth_sign(key, auth_timestamp, message)
    except UnicodeEncodeError:  # a key typed with a lone surrogate (never one from env or argv)
        return _check(
            SignatureStatus.UNVERIFIED,
            QT_TRANSLATE_NOOP(
                "EventSignatures",
                "Not verified: the callback key holds characters that are not text.",
            ),
        )
    if hmac.compare_digest(expected.encode("ascii"), candidate.encode("ascii")):
        return _check(
            SignatureStatus.VALID,
            QT_TRANSLATE_NOOP("EventSignatures", "auth_sign matches the key."),
        )
    return _check(
        SignatureStatus.INVALID,
        QT_TRANSLATE_NOOP(
            "EventSignatures",
            "auth_sign does not match: a different key, or the message was changed.",
        ),
    )


# -- one entry point -------------------------------------------------------------------------------


def verify_event(
    event: VodEvent, *, certificate: bytes | None = None, mfs_key: str | None = None
) -> SignatureCheck:
    """The signature outcome of a loaded event, whatever its envelope."""
    fields = event.envelope_fields
    if event.envelope is Envelope.SMN:
        return verify_smn(fields, certificate)
    if event.envelope is Envelope.MFS:
        timestamp, sign = mfs_headers(fields)
        if event.raw_message is None:
            if sign:
                return _check(
                    SignatureStatus.UNVERIFIED,
                    QT_TRANSLATE_NOOP(
                        "EventSignatures",
                        "The message is not the original string, so it cannot be checked.",
                    ),
                )
            return verify_mfs("", None, None, None)
        return verify_mfs(event.raw_message, timestamp, sign, mfs_key)
    return _check(
        SignatureStatus.NOT_APPLICABLE,
        QT_TRANSLATE_NOOP("EventSignatures", "A bare event carries no signature."),
    )


# -- where certificates may come from --------------------------------------------------------------

_SMN_HOST = re.compile(r"^smn\.[a-z0-9]+(?:-[a-z0-9]+)*\.myhuaweicloud\.com$")


def is_allowed_cert_url(url: str) -> bool:
    """Only ``https://smn.<region>.myhuaweicloud.com/...pem`` (default port, no user info) may be
    fetched: the URL comes from the envelope, which anyone can forge."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return (
        parts.scheme == "https"
        and parts.username is None
        and parts.password is None
        and port in (None, 443)
        and bool(_SMN_HOST.match(host))
        and parts.path.lower().endswith(".pem")
    )
