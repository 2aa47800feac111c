"""Our ``SDK-HMAC-SHA256`` signer reproduces the golden vectors the official SDK's signer computed
(``tests/fixtures/huawei/signing_vectors.py``), and its parts behave as the gateway expects."""

from __future__ import annotations

import pytest

from snapview.core import huawei_signing as hs
from snapview.core.credentials import HuaweiCredentials
from tests.fixtures.huawei.signing_vectors import VECTORS, Vector


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.name)
def test_golden_vectors(vector: Vector) -> None:
    signed = hs.signed_header_names(vector.headers)
    value = hs.signature(
        vector.method, vector.path, vector.query, vector.headers, signed, vector.sk, vector.body
    )
    assert hs.authorization(vector.ak, signed, value) == vector.expected_authorization
    assert hs.request_target(vector.path, vector.query) == vector.expected_target


def test_signed_headers_builds_the_sdk_header_set() -> None:
    vector = VECTORS[2]  # temporary credentials: the token is a signed header
    creds = HuaweiCredentials(
        vector.ak,
        vector.sk,
        vector.headers["X-Project-Id"],
        vector.headers["X-Security-Token"],
    )
    extra = {k: v for k, v in vector.headers.items() if k in ("User-Agent", "Content-Type")}
    headers = hs.signed_headers(
        vector.method,
        vector.host,
        vector.path,
        vector.query,
        creds,
        date=vector.headers["X-Sdk-Date"],
        extra_headers=extra,
    )
    assert headers["Authorization"] == vector.expected_authorization
    assert headers["Host"] == vector.host
    assert headers["X-Security-Token"] == creds.security_token


def test_canonical_uri_always_ends_in_a_slash_and_reencodes_segments() -> None:
    assert hs.canonical_uri("/v1.0/p/asset/details") == "/v1.0/p/asset/details/"
    assert hs.canonical_uri("/v1.0/p/asset/") == "/v1.0/p/asset/"
    # %2F decodes to a slash first, exactly like the SDK: it becomes a segment boundary.
    assert hs.canonical_uri("/a%2Fb/c d") == "/a/b/c%20d/"


def test_repeated_keys_are_sorted_by_value_and_kept() -> None:
    query = [("status", "b"), ("asset_id", "x"), ("status", "a")]
    assert hs.canonical_query(query) == "asset_id=x&status=a&status=b"
    assert hs.parse_query("status=b&asset_id=x&status=a") == query


def test_parse_query_keeps_plus_and_empty_values() -> None:
    assert hs.parse_query("a=1+2&b=&c&&d=%20") == [("a", "1+2"), ("b", ""), ("c", ""), ("d", " ")]


def test_parse_authorization_round_trip_and_errors() -> None:
    auth = hs.parse_authorization(VECTORS[0].expected_authorization)
    assert auth.access_key == VECTORS[0].ak
    assert auth.signed_headers == (
        "content-type",
        "host",
        "user-agent",
        "x-project-id",
        "x-sdk-date",
    )
    with pytest.raises(ValueError, match="not SDK-HMAC-SHA256"):
        hs.parse_authorization("ACS3-HMAC-SHA256 Credential=x")
    with pytest.raises(ValueError, match="missing"):
        hs.parse_authorization("")
    with pytest.raises(ValueError, match="expected"):
        hs.parse_authorization("SDK-HMAC-SHA256 Access=a, Signature=00")


def test_a_different_secret_or_date_changes_the_signature() -> None:
    v = VECTORS[0]
    signed = hs.signed_header_names(v.headers)
    base = hs.signature(v.method, v.path, v.query, v.headers, signed, v.sk)
    assert hs.signature(v.method, v.path, v.query, v.headers, signed, v.sk + "x") != base
    later = {**v.headers, "X-Sdk-Date": "20261123T131200Z"}
    assert hs.signature(v.method, v.path, v.query, later, signed, v.sk) != base


def test_sdk_date_round_trip() -> None:
    assert hs.sdk_date(0) == "19700101T000000Z"
    assert hs.parse_sdk_date("19700101T000100Z") == 60.0
    with pytest.raises(ValueError, match="does not match"):
        hs.parse_sdk_date("2026-11-23T13:11:59Z")
