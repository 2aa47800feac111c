"""Error bodies become one VodError with the right class, a one-line str and a message a user can act on."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.vod_errors import (
    ErrorClass,
    VodError,
    classify,
    parse_error_body,
)


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("InvalidVideo.NotFound", 404, ErrorClass.NOT_FOUND),
        ("NoSuchResource", 404, ErrorClass.NOT_FOUND),
        ("Forbidden.IllegalStatus", 400, ErrorClass.NOT_READY),
        ("SignatureDoesNotMatch", 400, ErrorClass.CREDENTIALS),
        ("IncompleteSignature", 400, ErrorClass.CREDENTIALS),
        ("InvalidAccessKeyId.NotFound", 404, ErrorClass.CREDENTIALS),
        ("InvalidAccessKeyId.Inactive", 400, ErrorClass.CREDENTIALS),
        ("InvalidSecurityToken.Expired", 400, ErrorClass.CREDENTIALS),
        ("Forbidden.RAM", 403, ErrorClass.PERMISSION),
        ("Forbidden", 403, ErrorClass.PERMISSION),
        ("OperationDenied", 403, ErrorClass.ACCOUNT),
        ("OperationDenied.Suspended", 403, ErrorClass.ACCOUNT),
        ("InvalidTimeStamp.Expired", 400, ErrorClass.CLOCK),
        ("IllegalTimestamp", 400, ErrorClass.CLOCK),
        ("SignatureNonceUsed", 400, ErrorClass.TRANSIENT),
        ("Throttling.User", 400, ErrorClass.TRANSIENT),
        ("Throttling.User", 429, ErrorClass.TRANSIENT),
        ("Throttling.User", 503, ErrorClass.TRANSIENT),
        ("Throttling.Api", 503, ErrorClass.TRANSIENT),
        ("Throttling", 400, ErrorClass.TRANSIENT),
        ("InternalError", 500, ErrorClass.TRANSIENT),
        ("ServiceUnavailable", 503, ErrorClass.TRANSIENT),
        ("MissingParameter", 400, ErrorClass.INPUT),
        ("InvalidParameter", 400, ErrorClass.INPUT),
        ("MissingVideoId", 400, ErrorClass.INPUT),
        ("SomethingNew", 502, ErrorClass.TRANSIENT),
        ("SomethingNew", 400, ErrorClass.UNKNOWN),
    ],
)
def test_classification_goes_by_code(code: str, status: int, expected: ErrorClass) -> None:
    assert classify(code, status) is expected


def test_status_alone_never_makes_a_permanent_error_transient() -> None:
    # Forbidden.IllegalStatus served as 503 is still "processing", not something to hammer.
    assert classify("Forbidden.IllegalStatus", 503) is ErrorClass.NOT_READY
    assert classify("InvalidVideo.NotFound", 500) is ErrorClass.NOT_FOUND


def _body(code: str, message: str = "msg", **extra: object) -> bytes:
    return json.dumps(
        {
            "RequestId": "RID-1",
            "HostId": "vod.cn-shanghai.aliyuncs.com",
            "Code": code,
            "Message": message,
            **extra,
        }
    ).encode()


def test_str_is_one_line_with_class_code_message_request_id() -> None:
    err = VodError.from_response(
        400, _body("SignatureDoesNotMatch", "Specified signature\nis not matched.")
    )
    text = str(err)
    assert "\n" not in text
    assert (
        text
        == "[credentials] SignatureDoesNotMatch: Specified signature is not matched. (RequestId: RID-1, HTTP 400)"
    )
    assert err.host_id == "vod.cn-shanghai.aliyuncs.com"


def test_server_string_to_sign_in_message_is_cut() -> None:
    err = VodError.from_response(
        400,
        _body(
            "SignatureDoesNotMatch",
            "Specified signature is not matched. server string to sign is:POST&%2F&SecurityToken%3Dtop-secret-token",
        ),
    )
    assert "top-secret-token" not in str(err)
    assert "top-secret-token" not in err.user_message.english()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("InvalidVideo.NotFound", "does not exist"),
        ("Forbidden.IllegalStatus", "still processing"),
        ("SignatureDoesNotMatch", "secret is wrong"),
        ("InvalidAccessKeyId.NotFound", "AccessKey ID is not known"),
        ("InvalidAccessKeyId.Inactive", "disabled"),
        ("InvalidSecurityToken.Expired", "STS security token"),
        ("Forbidden.RAM", "vod:ListSnapshots"),
        ("OperationDenied.Suspended", "not activated"),
        ("InvalidTimeStamp.Expired", "system clock"),
        ("Throttling.User", "throttling"),
        ("InternalError", "temporarily unavailable"),
        ("InvalidParameter", "rejected as invalid: msg"),
        ("BrandNewCode", "BrandNewCode: msg"),
    ],
)
def test_each_class_has_a_message_the_user_can_act_on(code: str, words: str) -> None:
    err = VodError.from_response(400, _body(code))
    assert words in err.user_message.english()
    assert err.user_message.context == "VodError"


def test_clock_message_names_the_skew() -> None:
    err = VodError.from_response(400, _body("InvalidTimeStamp.Expired"))
    err.clock_skew = 3 * 3600.0
    assert "3.0 h behind" in err.user_message.english()
    err.clock_skew = -1200.0
    assert "20 min ahead" in err.user_message.english()


def test_access_denied_detail_is_kept_and_shown() -> None:
    detail = {
        "PolicyType": "AccountLevelIdentityBasedPolicy",
        "AuthPrincipalDisplayName": "qa-reviewer",
        "AuthPrincipalType": "SubUser",
        "NoPermissionType": "ImplicitDeny",
        "AuthAction": "vod:ListSnapshots",
        "EncodedDiagnosticMessage": "AQEAAAAA",
    }
    for encoded in (detail, json.dumps(detail)):
        err = VodError.from_response(403, _body("Forbidden.RAM", AccessDeniedDetail=encoded))
        assert err.detail is not None
        assert err.detail.auth_action == "vod:ListSnapshots"
        text = err.user_message.english()
        assert "ImplicitDeny" in text and "qa-reviewer" in text


def test_xml_error_body_without_entity_expansion() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "boom">]><Error><RequestId>R2</RequestId>'
        "<Code>Throttling.User</Code><Message>Request was denied &amp; &x;</Message></Error>"
    )
    err = VodError.from_response(503, xml.encode())
    assert err.code == "Throttling.User"
    assert err.request_id == "R2"
    assert err.message == "Request was denied & &x;"
    assert err.retryable


@pytest.mark.parametrize("body", [b"", b"<html>Bad gateway</html>", b"not json", b"[1,2]", b"{}"])
def test_bodies_without_code_fall_back_on_status(body: bytes) -> None:
    err = VodError.from_response(502, body, {"X-Acs-Request-Id": "HDR-RID"})
    assert err.code == "HTTP502"
    assert err.error_class is ErrorClass.TRANSIENT
    assert err.request_id == "HDR-RID"
    assert "HTTP 502" in str(err)


def test_404_without_api_body_is_not_a_missing_video() -> None:
    err = VodError.from_response(404, b"<html>nginx</html>")
    assert err.error_class is ErrorClass.UNKNOWN
    assert "without an API error body" in err.message


def test_network_error() -> None:
    err = VodError.network("connection refused by 127.0.0.1:9")
    assert err.error_class is ErrorClass.NETWORK and err.retryable
    assert "Could not reach the VOD service: connection refused" in err.user_message.english()
    assert str(err) == "[network] NetworkError: connection refused by 127.0.0.1:9 (RequestId: -)"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_error_like = st.fixed_dictionaries(
    {},
    optional={
        "Code": _json | st.sampled_from(["Throttling.User", "Forbidden.RAM", ""]),
        "Message": _json,
        "RequestId": _json,
        "AccessDeniedDetail": _json | st.text(max_size=30),
    },
)


@given(st.one_of(_json, _error_like), st.integers(min_value=100, max_value=599))
def test_error_parsing_never_crashes(data: object, status: int) -> None:
    body = json.dumps(data).encode()
    err = VodError.from_response(status, body)
    assert isinstance(err.error_class, ErrorClass)
    assert "\n" not in str(err)
    assert err.user_message.english()
    assert isinstance(parse_error_body(body), dict)


@given(st.binary(max_size=200))
def test_error_parsing_never_crashes_on_bytes(body: bytes) -> None:
    err = VodError.from_response(500, body)
    assert "\n" not in str(err)
    assert err.user_message.english()
