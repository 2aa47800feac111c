"""Secrets never reach logs or crash output: each secret form is masked in messages and tracebacks."""

from __future__ import annotations

import logging

import pytest

from snapview.core.redaction import MASK, redact, register_secret
from snapview.logconfig import RedactingFormatter

SECRET = "Zk3vQ9sEcReT0123456789abcdefGH"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"AccessKeySecret={SECRET}&Format=JSON", SECRET),
        (f'{{"AccessKeySecret": "{SECRET}"}}', SECRET),
        (f"access_key_secret='{SECRET}'", SECRET),
        (f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={SECRET}", SECRET),
        (
            "GET /?Action=ListSnapshots&Signature=Ibgh7y8Vp47LBuAsf5Xhi1SvDss%3D&SignatureNonce=1",
            "Ibgh7y8Vp47LBuAsf5Xhi1SvDss",
        ),
        (
            "Authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,"
            "Signature=e1a1407a69160d1fc9db73aa613c2b33b1c7d5f591d0689c74fba9c0794687c0",
            "e1a1407a69160d1fc9db73aa613c2b33b1c7d5f591d0689c74fba9c0794687c0",
        ),
        (
            "{'authorization': 'ACS3-HMAC-SHA256 Credential=testid,Signature=abcdef0123456789'}",
            "abcdef0123456789",
        ),
        ("SecurityToken=CAIS8gF1q6Ft5B2yfSjIr5bSEsL&PageNo=1", "CAIS8gF1q6Ft5B2yfSjIr5bSEsL"),
        ("x-acs-security-token: CAIS8gF1q6Ft5B2yfSjIr5bSEsL", "CAIS8gF1q6Ft5B2yfSjIr5bSEsL"),
        (
            "GET https://cdn.example.com/snap/00001.jpg?auth_key=1700000000-0-0-0f8e2a5b4c3d2e1f HTTP/1.1 403",
            "1700000000-0-0-0f8e2a5b4c3d2e1f",
        ),
        (
            "https://x.cdn-vod.huaweicloud.com/a.jpg?auth_info=QmFzZTY0QUVT.aXYxMjM0",
            "QmFzZTY0QUVT.aXYxMjM0",
        ),
    ],
)
def test_each_secret_form_is_masked(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert MASK in out


def test_non_secret_parameters_survive() -> None:
    text = "Action=ListSnapshots&SignatureNonce=abc-123&SignatureMethod=HMAC-SHA1&VideoId=5aed81b7"
    assert redact(text) == text


def test_registered_secret_is_masked_anywhere() -> None:
    register_secret("  registered-secret-value-42  ")
    assert (
        redact("the server echoed registered-secret-value-42 back")
        == f"the server echoed {MASK} back"
    )


def test_log_record_message_args_and_traceback_are_redacted() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise RuntimeError(f"request failed: AccessKeySecret={SECRET}")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "snapview.vod",
            logging.ERROR,
            __file__,
            1,
            "signed %s with %s",
            ("Signature=abcdef0123456789abcd", f"secret={SECRET}"),
            sys.exc_info(),
        )
    text = formatter.format(record)
    assert SECRET not in text
    assert "abcdef0123456789abcd" not in text
    assert "RuntimeError" in text  # the traceback itself is kept


def test_log_file_never_holds_the_secret(tmp_path, monkeypatch, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="snapview.test")  # the error logged on purpose below
    monkeypatch.setenv("SNAPVIEW_LOG_DIR", str(tmp_path))
    from snapview.logconfig import setup_logging

    path = setup_logging(0)
    assert path is not None
    logger = logging.getLogger("snapview.test")
    try:
        raise ValueError(f"bad key AccessKeySecret={SECRET}")
    except ValueError:
        logger.exception(
            "failed with Authorization: ACS3-HMAC-SHA256 Credential=id,Signature=%s", "f00d" * 8
        )
    for handler in logging.getLogger("snapview").handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert "ValueError" in content
    assert SECRET not in content
    assert "f00d" * 8 not in content
    setup_logging(0, to_file=False)


def test_http_libraries_do_not_log_request_lines() -> None:
    """httpx logs each request URL (with a V1 Signature in it) at INFO; setup keeps it at WARNING."""
    from snapview.logconfig import setup_logging

    setup_logging(0, to_file=False)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpcore").isEnabledFor(logging.INFO)
