"""Alibaba Cloud OpenAPI request signing, both schemes the VOD gateway accepts, byte-for-byte as the
official SDKs do it: V3 (``ACS3-HMAC-SHA256`` in an ``Authorization`` header, what
``alibabacloud-tea-openapi`` sends by default) and V1 (the HMAC-SHA1 ``Signature`` query parameter,
``SignatureVersion=1.0``, what ``aliyun-python-sdk-core`` sends). The client signs with it and the
local emulator verifies with it, so it is proven against the SDKs' own functions in
``tests/conformance/test_signing_vs_sdk.py`` and against the vectors of SPEC A.3 in
``tests/unit/test_signing.py``. Pure functions: the clock and the nonce are parameters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from snapview.core.credentials import AliyunCredentials

V3_ALGORITHM = "ACS3-HMAC-SHA256"
DEFAULT_VERSION = "2017-03-21"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of the UTF-8 bytes: only ``A-Z a-z 0-9 - _ . ~`` stay as they are."""
    return quote(value, safe="-_.~", encoding="utf-8")


def utc_timestamp(now: float | None = None) -> str:
    """``YYYY-MM-DDThh:mm:ssZ`` in UTC, the form of both ``Timestamp`` and ``x-acs-date``."""
    return time.strftime(_TIMESTAMP_FORMAT, time.gmtime(time.time() if now is None else now))


def new_nonce() -> str:
    """A fresh signature nonce (32 hex characters, like the current SDK's)."""
    return uuid.uuid4().hex


# --- V1: HMAC-SHA1 query signature ---------------------------------------------------------------


def v1_canonical_query(params: Mapping[str, str]) -> str:
    """Every parameter except ``Signature``, sorted by name, encoded, joined by ``&``.

    Empty values are kept (``SignatureType=``): the SDKs sign them, so a verifier must too.
    """
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature" and v is not None)
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)


def v1_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    """``METHOD&%2F&encode(canonical query)``."""
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(v1_canonical_query(params))}"


def v1_signature(method: str, params: Mapping[str, str], secret: str) -> str:
    """base64(HMAC-SHA1(secret + "&", string to sign)); ``params`` without ``Signature``."""
    digest = hmac.new(
        (secret + "&").encode("utf-8"),
        v1_string_to_sign(method, params).encode("utf-8"),
        hashlib.sha1,
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def v1_signed_params(
    method: str,
    params: Mapping[str, str],
    creds: AliyunCredentials,
    *,
    version: str = DEFAULT_VERSION,
    nonce: str | None = None,
    timestamp: str | None = None,
) -> dict[str, str]:
    """``params`` (which hold ``Action`` and the API's own parameters) plus every common parameter
    of the V1 scheme and the ``Signature`` itself, ready to be sent as the query string."""
    signed: dict[str, str] = {k: v for k, v in params.items() if k != "Signature"}
    signed.update(
        {
            "Format": signed.get("Format", "JSON"),
            "Version": version,
            "AccessKeyId": creds.access_key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": nonce or new_nonce(),
            "Timestamp": timestamp or utc_timestamp(),
        }
    )
    if creds.security_token:
        signed["SecurityToken"] = creds.security_token
    signed["Signature"] = v1_signature(method, signed, creds.access_key_secret)
    return signed


# --- V3: ACS3-HMAC-SHA256 ------------------------------------------------------------------------


def v3_canonical_query(query: Mapping[str, str]) -> str:
    """Pairs sorted by name; the value is ``quote(v, safe="~")``.

    The official SDK (``alibabacloud_tea_openapi.utils.get_canonical_query_string``) does not encode
    the *name*; every OpenAPI parameter name is alphanumeric, so this only matters for agreement.
    """
    keys = sorted(query)
    return "&".join(f"{k}={quote(query[k], safe='~', encoding='utf-8')}" for k in keys)


def _canonical_headers(
    headers: Mapping[str, str], signed_headers: Sequence[str]
) -> tuple[str, str]:
    wanted = sorted({name.strip().lower() for name in signed_headers if name.strip()})
    values: dict[str, list[str]] = {name: [] for name in wanted}
    for name, value in headers.items():
        key = name.lower()
        if key in values and value is not None:
            values[key].append(str(value).strip())
    lines = "".join(f"{name}:{','.join(sorted(values[name]))}\n" for name in wanted)
    return lines, ";".join(wanted)


def v3_canonical_request(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body_sha256_hex: str,
) -> str:
    """METHOD, path, canonical query, canonical headers, signed header list, body hash — one per line."""
    canonical_headers, signed = _canonical_headers(headers, signed_headers)
    return "\n".join(
        [
            method.upper(),
            path or "/",
            v3_canonical_query(query),
            canonical_headers,
            signed,
            body_sha256_hex,
        ]
    )


def v3_string_to_sign(canonical_request: str) -> str:
    return f"{V3_ALGORITHM}\n{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"


def v3_signature(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    secret: str,
    body: bytes = b"",
) -> str:
    """hex(HMAC-SHA256(secret, string to sign)) — the key is the bare secret, no ``&``."""
    canonical = v3_canonical_request(
        method, path, query, headers, signed_headers, hashlib.sha256(body).hexdigest()
    )
    return hmac.new(
        secret.encode("utf-8"), v3_string_to_sign(canonical).encode("utf-8"), hashlib.sha256
    ).hexdigest()


def v3_signed_headers(
    method: str,
    host: str,
    action: str,
    query: Mapping[str, str],
    creds: AliyunCredentials,
    *,
    version: str = DEFAULT_VERSION,
    body: bytes = b"",
    nonce: str | None = None,
    date: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every header of a V3 request, ``Authorization`` included. Like the SDK, it signs every header
    it returns (``extra_headers`` such as ``accept`` and ``user-agent`` too)."""
    headers: dict[str, str] = {name.lower(): value for name, value in (extra_headers or {}).items()}
    headers.update(
        {
            "host": host,
            "x-acs-action": action,
            "x-acs-version": version,
            "x-acs-date": date or utc_timestamp(),
            "x-acs-signature-nonce": nonce or new_nonce(),
            "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
        }
    )
    headers.pop("authorization", None)
    if creds.security_token:
        # The SDK sends the key id as a header as well whenever it sends an STS token.
        headers["x-acs-accesskey-id"] = creds.access_key_id
        headers["x-acs-security-token"] = creds.security_token
    signed = sorted(headers)
    signature = v3_signature(method, "/", query, headers, signed, creds.access_key_secret, body)
    headers["Authorization"] = (
        f"{V3_ALGORITHM} Credential={creds.access_key_id},SignedHeaders={';'.join(signed)},"
        f"Signature={signature}"
    )
    return headers


@dataclass(frozen=True)
class V3Authorization:
    """The parts of an ``Authorization: ACS3-HMAC-SHA256 …`` header."""

    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str


_HEADER_NAME = re.compile(r"^[a-z0-9!#$%&'*+.^_`|~-]+$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def parse_v3_authorization(value: str) -> V3Authorization:
    """Split an ``Authorization`` header value; ``ValueError`` names what is wrong with it."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme != V3_ALGORITHM:
        raise ValueError(
            f"unsupported authorization scheme {scheme[:40]!r}, expected {V3_ALGORITHM}"
        )
    parts: dict[str, str] = {}
    for item in rest.split(","):
        name, sep, part = item.strip().partition("=")
        if not sep:
            raise ValueError(f"malformed authorization item {item.strip()[:40]!r}")
        if name in parts:
            raise ValueError(f"authorization item {name!r} given twice")
        parts[name] = part.strip()
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not parts.get(k)]
    if missing:
        raise ValueError(f"authorization lacks {', '.join(missing)}")
    unknown = sorted(set(parts) - {"Credential", "SignedHeaders", "Signature"})
    if unknown:
        raise ValueError(f"unknown authorization item {unknown[0][:40]!r}")
    signed = tuple(parts["SignedHeaders"].split(";"))
    if any(not _HEADER_NAME.match(name) for name in signed):
        raise ValueError("SignedHeaders must be lowercase header names separated by ';'")
    signature = parts["Signature"].lower()
    if not _HEX64.match(signature):
        raise ValueError("Signature must be 64 hex characters")
    return V3Authorization(parts["Credential"], signed, signature)
