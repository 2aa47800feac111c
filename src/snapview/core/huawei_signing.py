"""Huawei Cloud API request signing (``SDK-HMAC-SHA256``), byte for byte as the official
``huaweicloudsdkcore`` signer (``huaweicloudsdkcore/signer/signer.py``, class ``Signer``) does it.

The canonical request is ``METHOD\\nURI\\nQUERY\\nHEADERS\\nSIGNED\\nHASH`` where

- ``URI`` is the path percent-decoded, split on ``/``, every segment encoded with
  ``quote(safe="~")``, re-joined, and always ending in ``/`` (the gateway signs ``/asset/details/``
  for a request to ``/asset/details``);
- ``QUERY`` is the ``(key, value)`` pairs sorted as tuples (so repeated keys such as ``status`` come
  out sorted by value), each side encoded the same way, joined by ``&`` — and the request is *sent*
  with exactly this query string, as the SDK does;
- ``HEADERS`` is ``name:value`` per signed header (names lower-cased, values stripped), each line
  ending in ``\\n``; every header whose name has no ``_`` is signed, sorted by lower-cased name;
- ``HASH`` is the hex SHA-256 of the body (of nothing for an empty body), or the value of
  ``X-Sdk-Content-Sha256`` when a body is sent with that header (``UNSIGNED-PAYLOAD``) — which the
  signer itself adds, before signing, to a request whose ``Content-Type`` is neither JSON nor BSON
  (:func:`with_payload_header`).

The string to sign is ``SDK-HMAC-SHA256\\n<X-Sdk-Date>\\n<hex sha256(canonical request)>`` and the
signature ``hex(HMAC-SHA256(SK, string to sign))``: the SK is the key itself, with no derivation and
no region or service scope. ``X-Project-Id`` and, for temporary credentials, ``X-Security-Token`` are
headers like any other, so they are signed. The client signs with these functions and the emulator
verifies with them; ``tests/conformance/test_huawei_signing_vs_sdk.py`` proves them against the SDK's
signer on golden vectors and on thousands of random requests. Pure functions: the clock is a parameter.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from snapview.core.credentials import HuaweiCredentials

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()
HEADER_DATE = "X-Sdk-Date"
HEADER_PROJECT = "X-Project-Id"
HEADER_SECURITY_TOKEN = "X-Security-Token"
HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"

QueryPairs = Sequence[tuple[str, str]]


def encode(value: str) -> str:
    """The SDK's encoding of path segments, query keys and values: UTF-8, only ``A-Za-z0-9_.-~`` kept."""
    return quote(value, safe="~")


def sdk_date(now: float | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ`` in UTC, the ``X-Sdk-Date`` form."""
    return time.strftime(DATE_FORMAT, time.gmtime(time.time() if now is None else now))


def parse_sdk_date(value: str) -> float:
    """Seconds since the epoch of an ``X-Sdk-Date`` value; ``ValueError`` when it is not one."""
    return datetime.strptime(value.strip(), DATE_FORMAT).replace(tzinfo=UTC).timestamp()


def canonical_uri(path: str) -> str:
    """Decoded, every segment re-encoded, always ending in ``/``."""
    uri = "/".join(encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Pairs sorted as (key, value) tuples, both encoded, joined by ``&``; repeated keys stay repeated."""
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(pairs))


def request_target(path: str, pairs: QueryPairs) -> str:
    """What goes on the request line: the path and the canonical query, as the SDK sends them."""
    query = canonical_query(pairs)
    return f"{path}?{query}" if query else path


def parse_query(raw_query: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of a raw query string, percent-decoded, in order, repeats kept.

    ``+`` stays a plus: the SDK encodes a space as ``%20`` and would sign a literal ``+`` as ``%2B``."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def signed_header_names(headers: Mapping[str, str]) -> list[str]:
    """Every header name without ``_``, lower-cased and sorted (the SDK's choice of signed headers)."""
    return sorted(name.lower() for name in headers if "_" not in name)


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    # The last of two names that differ only in case wins, as in the SDK's dict.
    return {name.lower(): str(value).strip() for name, value in headers.items()}


def canonical_headers(headers: Mapping[str, str], signed: Sequence[str]) -> str:
    """``name:value\\n`` per signed header; a signed header that is missing raises ``KeyError``."""
    values = _lowered(headers)
    return "".join(f"{name}:{values[name]}\n" for name in signed)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def with_payload_header(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers as the SDK's ``Signer._process_content_header`` completes them before signing: a
    ``Content-Type`` (that exact name) other than JSON or BSON marks the payload ``UNSIGNED-PAYLOAD``."""
    completed = dict(headers)
    content_type = completed.get("Content-Type")
    if content_type and not content_type.startswith(("application/json", "application/bson")):
        completed[HEADER_CONTENT_SHA256] = "UNSIGNED-PAYLOAD"
    return completed


def payload_hash(body: bytes, headers: Mapping[str, str]) -> str:
    if not body:
        return EMPTY_BODY_SHA256
    declared = _header(headers, HEADER_CONTENT_SHA256)
    if declared:
        return declared
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed: Sequence[str],
    body: bytes = b"",
) -> str:
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            canonical_headers(headers, signed),
            ";".join(signed),
            payload_hash(body, headers),
        )
    )


def string_to_sign(canonical: str, date: str) -> str:
    """The date as the SDK re-formats it after parsing, then the hash of the canonical request."""
    stamp = datetime.strptime(date.strip(), DATE_FORMAT).strftime(DATE_FORMAT)
    return f"{ALGORITHM}\n{stamp}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"


def signature(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed: Sequence[str],
    secret_key: str,
    body: bytes = b"",
) -> str:
    """The hex signature of a request; ``headers`` must hold ``X-Sdk-Date`` and every signed header."""
    date = _header(headers, HEADER_DATE)
    if date is None:
        raise ValueError("the request has no X-Sdk-Date header")
    to_sign = string_to_sign(canonical_request(method, path, query, headers, signed, body), date)
    return hmac.new(secret_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(access_key: str, signed: Sequence[str], signature_hex: str) -> str:
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(signed)}, Signature={signature_hex}"


def signed_headers(
    method: str,
    host: str,
    path: str,
    query: QueryPairs,
    credentials: HuaweiCredentials,
    *,
    date: str,
    body: bytes = b"",
    extra_headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers of a signed request, as the SDK's ``BasicCredentials`` + ``Signer`` send them:
    ``extra_headers`` (``Content-Type``, ``User-Agent``…), ``X-Project-Id``, ``X-Security-Token`` for
    temporary credentials, ``X-Sdk-Date``, ``Host`` and ``Authorization``. Every one but the last is
    signed."""
    headers = with_payload_header(extra_headers or {})
    if credentials.project_id:
        headers[HEADER_PROJECT] = credentials.project_id
    if credentials.security_token:
        headers[HEADER_SECURITY_TOKEN] = credentials.security_token
    headers[HEADER_DATE] = date
    if _header(headers, "host") is None:
        headers["Host"] = host
    headers = {name: str(value).strip() for name, value in headers.items()}
    signed = signed_header_names(headers)
    value = signature(method, path, query, headers, signed, credentials.secret_key, body)
    headers["Authorization"] = authorization(credentials.access_key, signed, value)
    return headers


@dataclass(frozen=True, slots=True)
class HuaweiAuthorization:
    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


_AUTHORIZATION = re.compile(
    r"^SDK-HMAC-SHA256\s+Access=(?P<ak>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),\s*"
    r"Signature=(?P<sig>[0-9a-fA-F]+)\s*$"
)


def parse_authorization(value: str) -> HuaweiAuthorization:
    """The parts of an ``SDK-HMAC-SHA256`` Authorization header; ``ValueError`` naming what is wrong."""
    text = value.strip()
    if not text:
        raise ValueError("the Authorization header is missing")
    if not text.startswith(ALGORITHM + " "):
        scheme = text.split(" ", 1)[0][:40]
        raise ValueError(f"the signing algorithm {scheme!r} is not {ALGORITHM}")
    match = _AUTHORIZATION.match(text)
    if not match:
        raise ValueError("expected 'SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…'")
    signed = tuple(match["signed"].split(";"))
    if any(not name for name in signed):
        raise ValueError("SignedHeaders has an empty name")
    return HuaweiAuthorization(match["ak"], signed, match["sig"].lower())
