"""Our signer reproduces every vector of SPEC A.3 and produces requests a verifier can check."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.credentials import AliyunCredentials
from snapview.core.signing import (
    EMPTY_BODY_SHA256,
    parse_v3_authorization,
    percent_encode,
    v1_signature,
    v1_signed_params,
    v1_string_to_sign,
    v3_canonical_request,
    v3_signature,
    v3_signed_headers,
)

DOC_PARAMS = {
    "Timestamp": "2017-10-10T12:02:54Z",
    "Format": "JSON",
    "AccessKeyId": "testAccessKeyId",
    "Action": "GetVideoPlayAuth",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "8f8a035d-6496-4268-afd4-67c22837e38d",
    "Version": "2017-03-21",
    "SignatureVersion": "1.0",
    "VideoId": "5aed81b74ba84920be578cdfe004af4b",
}

LIST_PARAMS = {
    "Action": "ListSnapshots",
    "VideoId": "a b*c~d/e+f=g&h中",
    "SnapshotType": "CoverSnapshot",
    "PageNo": "1",
    "PageSize": "20",
    "AuthTimeout": "3600",
    "RegionId": "cn-shanghai",
    "Format": "JSON",
    "AccessKeyId": "testid",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureVersion": "1.0",
    "Version": "2017-03-21",
    "Timestamp": "2024-01-02T03:04:05Z",
    "SignatureNonce": "00000000-0000-0000-0000-000000000001",
}

V3_QUERY = {"VideoId": "a b*c~d", "SnapshotType": "CoverSnapshot", "PageNo": "1", "PageSize": "20"}
V3_SIGNED = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
V3_EXPECTED = "e1a1407a69160d1fc9db73aa613c2b33b1c7d5f591d0689c74fba9c0794687c0"


def test_percent_encode_is_rfc3986() -> None:
    assert percent_encode("a b*c~d/e+f=g&h中") == "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h%E4%B8%AD"
    assert percent_encode("AZaz09-_.~") == "AZaz09-_.~"
    assert percent_encode("") == ""


def test_v1_vendor_documented_example() -> None:
    assert v1_signature("GET", DOC_PARAMS, "testAccessKeySecret") == "Ibgh7y8Vp47LBuAsf5Xhi1SvDss="


@pytest.mark.parametrize(
    ("method", "expected"),
    [("GET", "0IsJwlcip+4uZsVOk6R7CXQ8eog="), ("POST", "B2z3UqukIV06F6aDripFDltu12o=")],
)
def test_v1_listsnapshots_vectors(method: str, expected: str) -> None:
    assert v1_signature(method, LIST_PARAMS, "testsecret") == expected


def test_v1_signature_parameter_is_never_signed() -> None:
    with_signature = {**LIST_PARAMS, "Signature": "whatever"}
    assert v1_signature("GET", with_signature, "testsecret") == "0IsJwlcip+4uZsVOk6R7CXQ8eog="


def test_v1_string_to_sign_keeps_empty_values() -> None:
    sts = v1_string_to_sign("GET", {"B": "", "A": "x"})
    assert sts == "GET&%2F&A%3Dx%26B%3D"


def test_v1_signed_params_adds_common_parameters() -> None:
    creds = AliyunCredentials("testid", "testsecret")
    base = {
        k: v
        for k, v in LIST_PARAMS.items()
        if k
        in {"Action", "VideoId", "SnapshotType", "PageNo", "PageSize", "AuthTimeout", "RegionId"}
    }
    signed = v1_signed_params(
        "GET",
        base,
        creds,
        nonce="00000000-0000-0000-0000-000000000001",
        timestamp="2024-01-02T03:04:05Z",
    )
    assert signed["Signature"] == "0IsJwlcip+4uZsVOk6R7CXQ8eog="
    assert {k: v for k, v in signed.items() if k != "Signature"} == LIST_PARAMS
    assert "SecurityToken" not in signed


def test_v1_signed_params_with_sts_token_signs_the_token() -> None:
    creds = AliyunCredentials("STS.id", "secret", "token-value")
    signed = v1_signed_params("POST", {"Action": "ListSnapshots"}, creds, nonce="n", timestamp="t")
    assert signed["SecurityToken"] == "token-value"
    rest = {k: v for k, v in signed.items() if k != "Signature"}
    assert v1_signature("POST", rest, "secret") == signed["Signature"]
    del rest["SecurityToken"]
    assert v1_signature("POST", rest, "secret") != signed["Signature"]


def test_v1_signed_params_fresh_nonce_and_timestamp_each_call() -> None:
    creds = AliyunCredentials("id", "secret")
    first = v1_signed_params("POST", {"Action": "ListSnapshots"}, creds)
    second = v1_signed_params("POST", {"Action": "ListSnapshots"}, creds)
    assert first["SignatureNonce"] != second["SignatureNonce"]
    assert first["Timestamp"].endswith("Z") and len(first["Timestamp"]) == 20


def test_v3_vector() -> None:
    headers = {
        "host": "vod.cn-shanghai.aliyuncs.com",
        "x-acs-action": "ListSnapshots",
        "x-acs-version": "2017-03-21",
        "x-acs-date": "2024-01-02T03:04:05Z",
        "x-acs-signature-nonce": "00000000000000000000000000000001",
        "x-acs-content-sha256": EMPTY_BODY_SHA256,
    }
    assert (
        v3_signature("POST", "/", V3_QUERY, headers, V3_SIGNED.split(";"), "testsecret")
        == V3_EXPECTED
    )


def test_v3_signed_headers_vector_and_authorization() -> None:
    creds = AliyunCredentials("testid", "testsecret")
    headers = v3_signed_headers(
        "POST",
        "vod.cn-shanghai.aliyuncs.com",
        "ListSnapshots",
        V3_QUERY,
        creds,
        nonce="00000000000000000000000000000001",
        date="2024-01-02T03:04:05Z",
    )
    assert headers["x-acs-content-sha256"] == hashlib.sha256(b"").hexdigest()
    assert headers["Authorization"] == (
        f"ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={V3_SIGNED},Signature={V3_EXPECTED}"
    )
    parsed = parse_v3_authorization(headers["Authorization"])
    assert parsed.access_key_id == "testid"
    assert parsed.signed_headers == tuple(V3_SIGNED.split(";"))
    assert parsed.signature == V3_EXPECTED


def test_v3_header_names_are_case_insensitive_and_values_trimmed() -> None:
    headers = {
        "Host": " vod.cn-shanghai.aliyuncs.com ",
        "X-Acs-Action": "ListSnapshots",
        "x-acs-version": "2017-03-21",
        "x-acs-date": "2024-01-02T03:04:05Z",
        "x-acs-signature-nonce": "00000000000000000000000000000001",
        "x-acs-content-sha256": EMPTY_BODY_SHA256,
        "x-unsigned": "ignored",
    }
    assert (
        v3_signature("POST", "/", V3_QUERY, headers, V3_SIGNED.split(";"), "testsecret")
        == V3_EXPECTED
    )


def test_v3_sts_token_and_extra_headers_are_signed() -> None:
    creds = AliyunCredentials("STS.id", "secret", "the-token")
    headers = v3_signed_headers(
        "POST",
        "127.0.0.1:8080",
        "ListSnapshots",
        {"VideoId": "v"},
        creds,
        extra_headers={"Accept": "application/json", "User-Agent": "snapview/1"},
    )
    assert headers["x-acs-security-token"] == "the-token"
    parsed = parse_v3_authorization(headers["Authorization"])
    assert {"accept", "user-agent", "x-acs-security-token", "x-acs-accesskey-id"} <= set(
        parsed.signed_headers
    )
    recomputed = v3_signature(
        "POST", "/", {"VideoId": "v"}, headers, parsed.signed_headers, "secret"
    )
    assert recomputed == parsed.signature
    tampered = {**headers, "x-acs-security-token": "other"}
    assert (
        v3_signature("POST", "/", {"VideoId": "v"}, tampered, parsed.signed_headers, "secret")
        != parsed.signature
    )


def test_v3_query_is_part_of_the_signature() -> None:
    headers = {"host": "h", "x-acs-date": "d"}
    one = v3_signature("POST", "/", {"PageNo": "1"}, headers, ["host", "x-acs-date"], "s")
    two = v3_signature("POST", "/", {"PageNo": "2"}, headers, ["host", "x-acs-date"], "s")
    assert one != two


def test_v3_canonical_request_layout() -> None:
    canonical = v3_canonical_request(
        "post",
        "/",
        {"b": "x y", "a": "~*"},
        {"Host": "h", "x-acs-date": "d"},
        ["x-acs-date", "host"],
        "abc",
    )
    assert canonical == "POST\n/\na=~%2A&b=x%20y\nhost:h\nx-acs-date:d\n\nhost;x-acs-date\nabc"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "scheme"),
        ("Bearer abc", "scheme"),
        ("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host", "Signature"),
        ("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=xyz", "64 hex"),
        ("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=Host;X,Signature=" + "a" * 64, "lowercase"),
        (
            "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=" + "a" * 64 + ",Extra=1",
            "unknown",
        ),
        (
            "ACS3-HMAC-SHA256 Credential=id,Credential=x,SignedHeaders=host,Signature=" + "a" * 64,
            "twice",
        ),
        ("ACS3-HMAC-SHA256 Credential=id,garbage,Signature=" + "a" * 64, "malformed"),
    ],
)
def test_parse_v3_authorization_rejects_malformed(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_v3_authorization(value)


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@given(
    st.dictionaries(
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
        _text,
        max_size=8,
    )
)
def test_v1_verifier_round_trip_through_a_form_encoded_query(params: dict[str, str]) -> None:
    """A server that form-decodes the query (space may arrive as '+') recomputes the same signature."""
    creds = AliyunCredentials("id", "secret")
    signed = v1_signed_params("POST", {**params, "Action": "ListSnapshots"}, creds)
    wire = urlencode(signed)  # the new SDK's encoding: quote_plus, space as '+'
    received = dict(parse_qsl(wire, keep_blank_values=True))
    signature = received.pop("Signature")
    assert v1_signature("POST", received, "secret") == signature
