"""Our signer agrees with the official Alibaba SDKs' own signing functions on arbitrary input, and
verifies the requests those SDKs really put on the wire.

Two kinds of evidence: hypothesis runs thousands of random parameter sets (unicode, reserved
characters, empty and long values) through both our functions and the SDKs'; and the SDK clients
send real ``ListSnapshots`` requests to a capturing loopback server, whose raw query and headers
our verifier-side functions must accept (the way the emulator checks them).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snapview.core.credentials import AliyunCredentials
from snapview.core.signing import (
    parse_v3_authorization,
    percent_encode,
    v1_signature,
    v1_signed_params,
    v1_string_to_sign,
    v3_signature,
    v3_signed_headers,
)
from tests.helpers.sdks import vendor_sdk

pytestmark = pytest.mark.conformance

sdk_utils = vendor_sdk("alibabacloud_tea_openapi.utils")
rpc_composer = vendor_sdk("aliyunsdkcore.auth.composer.rpc_signature_composer")
sha_hmac1 = vendor_sdk("aliyunsdkcore.auth.algorithm.sha_hmac1")
Utils = sdk_utils.Utils

MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Anything UTF-8 can carry: every category but lone surrogates; biased towards the hard cases.
_char = st.characters(exclude_categories=["Cs"])
_reserved = st.sampled_from(list(" !\"#$%&'()*+,/:;=?@[]~-_.中€\u00a0\t\n"))
_value = st.one_of(
    st.just(""),
    st.text(_char, max_size=30),
    st.text(st.one_of(_char, _reserved), max_size=30),
    st.text(st.one_of(_char, _reserved), min_size=200, max_size=2000),
)
# ``Signature`` itself is never signed: the API contract excludes it from the input.
_key = st.text(st.one_of(_char, _reserved), min_size=1, max_size=20).filter(
    lambda k: k != "Signature"
)
_secret = st.text(_char, min_size=1, max_size=40)


def _old_sdk_signature(method: str, params: dict[str, str], secret: str) -> str:
    # Module-level double-underscore names are not mangled outside a class body.
    compose = getattr(rpc_composer, "__compose_string_to_sign")
    string_to_sign = compose(method, params)
    assert string_to_sign == v1_string_to_sign(method, params)
    return str(sha_hmac1.get_sign_string(string_to_sign, secret + "&"))


@MANY
@given(
    params=st.dictionaries(_key, _value, max_size=10),
    secret=_secret,
    method=st.sampled_from(["GET", "POST"]),
)
def test_v1_agrees_with_both_sdks(params: dict[str, str], secret: str, method: str) -> None:
    ours = v1_signature(method, params, secret)
    assert ours == Utils.get_rpcsignature(params, method, secret)
    assert ours == _old_sdk_signature(method, params, secret)


@MANY
@given(value=st.text(st.one_of(_char, _reserved), max_size=60))
def test_percent_encode_matches_the_old_sdk_encoding(value: str) -> None:
    pop = getattr(rpc_composer, "__pop_standard_urlencode")
    from urllib.parse import quote_plus

    assert percent_encode(value) == pop(quote_plus(value, encoding="utf-8"))


_header_name = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"), min_size=1, max_size=16
)
_header_value = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\x85"), max_size=60
)


@MANY
@given(
    query=st.dictionaries(
        st.text(
            st.characters(exclude_categories=["Cs"], exclude_characters="&="),
            min_size=1,
            max_size=12,
        ),
        _value,
        max_size=8,
    ),
    headers=st.dictionaries(_header_name, _header_value, min_size=1, max_size=8),
    secret=_secret,
    body=st.binary(max_size=300),
    method=st.sampled_from(["GET", "POST", "PUT"]),
)
def test_v3_agrees_with_the_sdk(
    query: dict[str, str], headers: dict[str, str], secret: str, body: bytes, method: str
) -> None:
    request = SimpleNamespace(method=method, pathname="/", query=query, headers=headers)
    payload = hashlib.sha256(body).hexdigest()
    expected = Utils.get_authorization(request, "ACS3-HMAC-SHA256", payload, "ak", secret)
    signature = v3_signature(method, "/", query, headers, list(headers), secret, body)
    assert expected == (
        f"ACS3-HMAC-SHA256 Credential=ak,SignedHeaders={';'.join(sorted(headers))},Signature={signature}"
    )


@MANY
@given(
    query=st.dictionaries(
        st.sampled_from(["VideoId", "SnapshotType", "PageNo", "PageSize", "AuthTimeout"]), _value
    ),
    key_id=st.text(
        st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=","),
        min_size=1,
        max_size=24,
    ),
    secret=_secret,
    token=st.one_of(
        st.none(),
        st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=80),
    ),
)
def test_v3_signed_headers_match_what_the_sdk_would_authorize(
    query: dict[str, str], key_id: str, secret: str, token: str | None
) -> None:
    creds = AliyunCredentials(key_id, secret, token)
    headers = v3_signed_headers(
        "POST",
        "vod.cn-shanghai.aliyuncs.com",
        "ListSnapshots",
        query,
        creds,
        extra_headers={"accept": "application/json", "user-agent": "snapview"},
    )
    authorization = headers.pop("Authorization")
    request = SimpleNamespace(method="POST", pathname="/", query=query, headers=headers)
    expected = Utils.get_authorization(
        request,
        "ACS3-HMAC-SHA256",
        headers["x-acs-content-sha256"],
        creds.access_key_id,
        creds.access_key_secret,
    )
    assert authorization == expected
    assert headers["x-acs-content-sha256"] == Utils.hash(b"", "ACS3-HMAC-SHA256").hex()


# --- the SDK clients on the wire -------------------------------------------------------------------

_CANNED = {
    "RequestId": "00000000-CAPTURE",
    "MediaSnapshot": {
        "Total": 1,
        "Regular": "http://example.invalid/s{SnapshotCount}.jpg",
        "CreationTime": "2024-01-02T03:04:05Z",
        "JobId": "job",
        "Snapshots": {"Snapshot": [{"Index": 1, "Url": "http://example.invalid/s00001.jpg"}]},
    },
}


@dataclass
class _Captured:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class _CaptureServer:
    port: int
    requests: list[_Captured] = field(default_factory=list)


@pytest.fixture
def capture_server() -> Iterator[_CaptureServer]:
    state = _CaptureServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.requests.append(
                _Captured(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            payload = json.dumps(_CANNED).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="capture-server")
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _received_query(target: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))


VIDEO_ID = "a b*c~d/e+f=g&h中"


def _new_sdk_client(port: int, token: str | None, algorithm: str | None):
    from alibabacloud_tea_openapi.utils_models import Config
    from alibabacloud_vod20170321.client import Client

    config = Config(
        access_key_id="testid",
        access_key_secret="testsecret",
        security_token=token,
        endpoint=f"127.0.0.1:{port}",
        protocol="HTTP",
        region_id="cn-shanghai",
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)


@pytest.mark.parametrize("token", [None, "sts-token-value"])
def test_our_v3_verifier_accepts_the_new_sdk_on_the_wire(
    capture_server: _CaptureServer, token: str | None
) -> None:
    from alibabacloud_vod20170321 import models

    client = _new_sdk_client(capture_server.port, token, None)
    response = client.list_snapshots(
        models.ListSnapshotsRequest(video_id=VIDEO_ID, page_no=2, page_size=50)
    )
    assert response.body.request_id == "00000000-CAPTURE"
    (sent,) = capture_server.requests
    query = _received_query(sent.target)
    assert query["VideoId"] == VIDEO_ID
    auth = parse_v3_authorization(sent.headers["authorization"])
    assert auth.access_key_id == "testid"
    assert sent.headers["x-acs-content-sha256"] == hashlib.sha256(sent.body).hexdigest()
    if token:
        assert sent.headers["x-acs-security-token"] == token
        assert "x-acs-security-token" in auth.signed_headers
    ours = v3_signature(
        sent.method, "/", query, sent.headers, auth.signed_headers, "testsecret", sent.body
    )
    assert ours == auth.signature
    # and a wrong secret is caught
    assert (
        v3_signature(sent.method, "/", query, sent.headers, auth.signed_headers, "other", sent.body)
        != auth.signature
    )


@pytest.mark.parametrize("token", [None, "sts-token-value"])
def test_our_v1_verifier_accepts_the_new_sdk_v2_mode_on_the_wire(
    capture_server: _CaptureServer, token: str | None
) -> None:
    from alibabacloud_vod20170321 import models

    client = _new_sdk_client(capture_server.port, token, "v2")
    client.list_snapshots(
        models.ListSnapshotsRequest(video_id=VIDEO_ID, snapshot_type="NormalSnapshot")
    )
    (sent,) = capture_server.requests
    assert "authorization" not in sent.headers
    query = _received_query(sent.target)
    signature = query.pop("Signature")
    assert query["SignatureVersion"] == "1.0"
    assert query.get("SecurityToken") == token
    assert v1_signature(sent.method, query, "testsecret") == signature


@pytest.mark.parametrize("token", [None, "sts-token-value"])
def test_our_v1_verifier_accepts_the_old_sdk_on_the_wire(
    capture_server: _CaptureServer, token: str | None
) -> None:
    from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkvod.request.v20170321.ListSnapshotsRequest import ListSnapshotsRequest

    credential = (
        StsTokenCredential("testid", "testsecret", token)
        if token
        else AccessKeyCredential("testid", "testsecret")
    )
    client = AcsClient(region_id="cn-shanghai", credential=credential)
    request = ListSnapshotsRequest()
    request.set_VideoId(VIDEO_ID)
    request.set_SnapshotType("CoverSnapshot")
    request.set_endpoint(f"127.0.0.1:{capture_server.port}")
    request.set_protocol_type("http")
    body = client.do_action_with_exception(request)
    assert json.loads(body)["RequestId"] == "00000000-CAPTURE"
    (sent,) = capture_server.requests
    query = _received_query(sent.target)
    signature = query.pop("Signature")
    assert query.get("SecurityToken") == token
    assert v1_signature(sent.method, query, "testsecret") == signature


def test_our_v1_request_carries_what_the_old_sdk_sends(capture_server: _CaptureServer) -> None:
    """Our V1 request holds every common parameter the old SDK sends (modulo its extra RegionId and
    empty SignatureType, which the gateway does not require)."""
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkvod.request.v20170321.ListSnapshotsRequest import ListSnapshotsRequest

    client = AcsClient("testid", "testsecret", "cn-shanghai")
    request = ListSnapshotsRequest()
    request.set_VideoId("v")
    request.set_endpoint(f"127.0.0.1:{capture_server.port}")
    request.set_protocol_type("http")
    client.do_action_with_exception(request)
    sdk_names = set(_received_query(capture_server.requests[0].target))
    ours = set(
        v1_signed_params(
            "POST",
            {"Action": "ListSnapshots", "VideoId": "v"},
            AliyunCredentials("testid", "testsecret"),
        )
    )
    assert sdk_names - ours <= {"RegionId", "SignatureType"}
    assert ours - sdk_names == set()


# --- our client next to the SDK on the wire --------------------------------------------------------

_NOISE = {"content-length", "content-type", "accept-encoding", "connection", "user-agent"}


def _our_request(port: int, video_id: str, signature: str, token: str | None) -> _Captured | None:
    import asyncio

    from snapview.core.credentials import SignatureVersion
    from snapview.services.vod_client import VodClient

    async def main() -> None:
        creds = AliyunCredentials("testid", "testsecret", token)
        async with VodClient(
            creds, endpoint=f"http://127.0.0.1:{port}", signature=SignatureVersion(signature)
        ) as client:
            await client.list_snapshots(video_id, page_no=2, page_size=50)

    asyncio.run(main())
    return None


@pytest.mark.parametrize("token", [None, "sts-token-value"])
def test_our_v3_request_matches_the_sdk_request(
    capture_server: _CaptureServer, token: str | None
) -> None:
    from alibabacloud_vod20170321 import models

    odd_id = "a*b~c/d+e=f&g中"
    _new_sdk_client(capture_server.port, token, None).list_snapshots(
        models.ListSnapshotsRequest(
            video_id=odd_id,
            page_no=2,
            page_size=50,
            snapshot_type="CoverSnapshot",
            auth_timeout=3600,
        )
    )
    _our_request(capture_server.port, odd_id, "v3", token)
    sdk, ours = capture_server.requests
    assert ours.method == sdk.method == "POST" and ours.body == sdk.body == b""
    assert urlsplit(ours.target).path == urlsplit(sdk.target).path == "/"
    assert _received_query(ours.target) == _received_query(sdk.target)
    assert set(ours.headers) - _NOISE == set(sdk.headers) - _NOISE
    sdk_auth, our_auth = (parse_v3_authorization(r.headers["authorization"]) for r in (sdk, ours))
    assert our_auth.signed_headers == sdk_auth.signed_headers
    query = _received_query(ours.target)
    assert (
        v3_signature("POST", "/", query, ours.headers, our_auth.signed_headers, "testsecret")
        == our_auth.signature
    )


@pytest.mark.parametrize("token", [None, "sts-token-value"])
def test_our_v1_request_matches_the_sdk_request(
    capture_server: _CaptureServer, token: str | None
) -> None:
    from alibabacloud_vod20170321 import models

    odd_id = "a*b~c/d+e=f&g中"
    _new_sdk_client(capture_server.port, token, "v2").list_snapshots(
        models.ListSnapshotsRequest(
            video_id=odd_id,
            page_no=2,
            page_size=50,
            snapshot_type="CoverSnapshot",
            auth_timeout=3600,
        )
    )
    _our_request(capture_server.port, odd_id, "v1", token)
    sdk, ours = capture_server.requests
    sdk_query, our_query = _received_query(sdk.target), _received_query(ours.target)
    assert set(our_query) == set(sdk_query)
    for name in ("SignatureNonce", "Timestamp", "Signature"):
        sdk_query.pop(name), our_query.pop(name)
    # The new SDK writes "json", the old one (the usual V1 sender) "JSON"; the gateway takes both.
    assert our_query.pop("Format") == sdk_query.pop("Format").upper() == "JSON"
    assert our_query == sdk_query
    # httpx always sends an accept header (*/* by default); the SDK's V1 path sends none.
    assert set(ours.headers) - _NOISE - {"accept"} == set(sdk.headers) - _NOISE
    query = _received_query(ours.target)
    signature = query.pop("Signature")
    assert v1_signature("POST", query, "testsecret") == signature
