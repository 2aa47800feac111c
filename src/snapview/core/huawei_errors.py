"""Huawei Cloud VOD errors as the shared :class:`~snapview.core.vod_errors.VodError`: reading the
error bodies (``error_code``/``error_msg``, as the SDK's ``DefaultExceptionHandler`` does), classifying
the API gateway's ``APIGW.*`` and VOD's ``VOD.*`` codes into the shared ``ErrorClass``, the snapshot
task states that are not errors of the call (``THUMBNAILING``, ``UN_THUMBNAIL``, ``THUMBNAIL_FAILED``),
and the sentence a user reads — the same class and the same kind of advice as for Alibaba, in
Huawei Cloud's terms (AK/SK, project ID, IAM).

As for Alibaba, the code decides before the HTTP status: VOD answers ``VOD.10051`` (internal error)
with 403 and ``VOD.10062`` (no such asset) with 400 or 403 depending on the API. Codes documented in
the VOD API reference (ErrorCode) and the API Gateway signing guide (error codes table).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.vod_errors import ErrorClass, VodError

_CONTEXT = "VodError"

# Snapshot task states (ShowAssetDetail ``thumbnail_info.thumbnail_status``) raised as errors.
THUMBNAILING = "THUMBNAILING"
UN_THUMBNAIL = "UN_THUMBNAIL"
THUMBNAIL_FAILED = "THUMBNAIL_FAILED"
THUMBNAIL_SUCCEED = "THUMBNAIL_SUCCEED"

THROTTLING = "APIGW.0308"
BAD_SIGNATURE = "APIGW.0301"

_EXACT: dict[str, ErrorClass] = {
    # API Gateway (the same rows exist with the older APIG. prefix).
    "APIGW.0101": ErrorClass.INPUT,  # no such API: wrong endpoint or path
    "APIGW.0201": ErrorClass.INPUT,  # bad request (413 too large); 5xx variants are transient
    "APIGW.0202": ErrorClass.TRANSIENT,  # backend unavailable (502)
    "APIGW.0203": ErrorClass.TRANSIENT,  # backend timeout (504)
    "APIGW.0301": ErrorClass.CREDENTIALS,  # signature, unknown AK, token (clock skew: see client)
    "APIGW.0302": ErrorClass.PERMISSION,  # the IAM user may not call this API
    "APIGW.0306": ErrorClass.PERMISSION,  # access denied (black/white list)
    "APIGW.0308": ErrorClass.TRANSIENT,  # throttling threshold reached (429)
    # VOD
    "VOD.10051": ErrorClass.TRANSIENT,  # internal system error (documented with HTTP 403)
    "VOD.10052": ErrorClass.TRANSIENT,  # internal communication error
    "VOD.10053": ErrorClass.INPUT,  # illegal request parameter
    "VOD.10054": ErrorClass.CREDENTIALS,  # identity authentication failed (project/token)
    "VOD.10055": ErrorClass.ACCOUNT,  # no real-name authentication
    "VOD.10062": ErrorClass.NOT_FOUND,  # media asset or resource does not exist
    "VOD.10064": ErrorClass.NOT_FOUND,  # media asset category does not exist
    "VOD.10081": ErrorClass.INPUT,  # illegal request parameters
    "VOD.10083": ErrorClass.NOT_READY,  # the asset's state does not allow this operation (yet)
    # Ours: the snapshot task's state, from thumbnail_status.
    THUMBNAILING: ErrorClass.NOT_READY,
    UN_THUMBNAIL: ErrorClass.NOT_READY,
    THUMBNAIL_FAILED: ErrorClass.JOB_FAILED,
}


def classify(code: str, http_status: int | None = None) -> ErrorClass:
    """The class of a Huawei ``error_code``; the HTTP status decides only for unknown codes."""
    normal = "APIGW." + code[5:] if code.startswith("APIG.") else code
    if normal == "APIGW.0201" and http_status is not None and http_status >= 500:
        return ErrorClass.TRANSIENT
    if normal in _EXACT:
        return _EXACT[normal]
    if http_status is not None and (http_status >= 500 or http_status in (408, 429)):
        return ErrorClass.TRANSIENT
    return ErrorClass.UNKNOWN


# The gateway echoes its canonical request in APIGW.0301 messages (lines joined by "|"); with
# temporary credentials that holds the security token, which must reach neither logs nor screens.
_TOKEN_LINE = re.compile(r"(x-security-token:)[^|\n]*", re.IGNORECASE)


def _scrub(message: str) -> str:
    return _TOKEN_LINE.sub(r"\1***", message)


def _find_error(data: Mapping[str, Any], depth: int = 0) -> tuple[str, str]:
    """``(code, message)`` the way the SDK's exception handler looks for them: ``error_code`` +
    ``error_msg``, ``errorCode`` + ``errorMsg``, ``code`` + ``message``, else in nested objects."""
    for code_key, message_key in (
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ):
        if code_key in data and message_key in data:
            return _text(data.get(code_key)), _text(data.get(message_key))
    if depth < 3:
        for value in data.values():
            if isinstance(value, Mapping):
                found = _find_error(value, depth + 1)
                if found[0]:
                    return found
    return "", ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


class HuaweiVodError(VodError):
    """A :class:`VodError` from Huawei Cloud: same classes, Huawei's codes, Huawei's advice."""

    provider = "huawei"

    def __init__(
        self,
        code: str,
        message: str = "",
        *,
        request_id: str = "",
        http_status: int | None = None,
        error_class: ErrorClass | None = None,
        raw: Mapping[str, Any] | None = None,
        exec_desc: str = "",
    ) -> None:
        super().__init__(
            code,
            _scrub(message),
            request_id=request_id,
            http_status=http_status,
            error_class=error_class or classify(code or "", http_status),
            raw=raw,
        )
        self.exec_desc = exec_desc

    @classmethod
    def from_response(
        cls,
        http_status: int,
        body: bytes | str,
        headers: Mapping[str, str] | None = None,
    ) -> HuaweiVodError:
        """The error an HTTP error response stands for, whatever its body (JSON, HTML, empty)."""
        headers = headers or {}
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        data: object = None
        try:
            data = json.loads(text) if text.strip() else None
        except (ValueError, RecursionError):
            data = None
        code = message = request_id = ""
        raw: Mapping[str, Any] | None = None
        if isinstance(data, Mapping):
            raw = data
            code, message = _find_error(data)
            request_id = _text(data.get("request_id"))
        if not code:
            code = f"HTTP{http_status}"
            snippet = " ".join(text.split())[:120]
            message = message or (
                f"the endpoint answered HTTP {http_status} without an API error body"
                + (f": {snippet}" if snippet else "")
            )
        return cls(
            code,
            message,
            request_id=request_id or _header(headers, "x-request-id"),
            http_status=http_status,
            raw=raw,
        )

    @classmethod
    def thumbnail_state(
        cls, status: str, asset_id: str, exec_desc: str = "", *, request_id: str = ""
    ) -> HuaweiVodError:
        """The error for an asset whose snapshots cannot be listed because of its task's state."""
        status = status or UN_THUMBNAIL
        error_class = _EXACT.get(status, ErrorClass.NOT_READY)
        detail = f"asset {asset_id}: thumbnail_status {status}"
        return cls(
            status,
            f"{detail}: {exec_desc}" if exec_desc else detail,
            request_id=request_id,
            error_class=error_class,
            exec_desc=exec_desc,
        )

    @property
    def user_message(self) -> Message:
        return _huawei_message(self) or super().user_message


def _huawei_message(err: HuaweiVodError) -> Message | None:
    code = "APIGW." + err.code[5:] if err.code.startswith("APIG.") else err.code
    params: dict[str, object] = {
        "code": err.code,
        "message": err.message,
        "request_id": err.request_id or "-",
        "exec_desc": (err.exec_desc or err.message).rstrip(". "),
    }
    text = err.message.lower()
    cls = err.error_class
    if cls is ErrorClass.NOT_FOUND:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The media asset does not exist in this project. Check the asset ID, the region and the project ID.",
            ),
            params,
        )
    if cls is ErrorClass.NOT_READY and code == UN_THUMBNAIL:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "No snapshots have been taken of this asset yet (no snapshot task has run). Start one in the VOD console, then try again.",  # noqa: E501 (one literal per translatable message)
            ),
            params,
        )
    if cls is ErrorClass.NOT_READY:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "Huawei Cloud is still taking this asset's snapshots — they are listed once the task has finished. Try again in a moment.",  # noqa: E501 (one literal per translatable message)
            ),
            params,
        )
    if cls is ErrorClass.JOB_FAILED:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "Huawei Cloud could not take this asset's snapshots: {exec_desc}. Run the snapshot task again in the VOD console.",  # noqa: E501 (one literal per translatable message)
            ),
            params,
        )
    if cls is ErrorClass.CREDENTIALS:
        if code == "VOD.10054":
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "Huawei Cloud did not accept the identity of this request. Check the project ID (it must be the project of this region) and the AK/SK.",  # noqa: E501 (one literal per translatable message)
                ),
                params,
            )
        if "signature fail" in text:
            pass  # the echoed canonical request may name x-security-token: still the SK
        elif "ak not exist" in text or "secretkey" in text:
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "The access key (AK) is not known to Huawei Cloud. Check the AK of this profile.",
                ),
                params,
            )
        elif "token" in text:
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "The security token of these temporary credentials is invalid or has expired. Get new temporary credentials.",  # noqa: E501 (one literal per translatable message)
                ),
                params,
            )
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The secret key (SK) is wrong: the request signature did not match. Check the SK of this profile.",
            ),
            params,
        )
    if cls is ErrorClass.PERMISSION:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "This IAM user is not allowed to read VOD media assets. Grant it a VOD read-only policy (VOD ReadOnlyAccess) in IAM.",  # noqa: E501 (one literal per translatable message)
            ),
            params,
        )
    if cls is ErrorClass.ACCOUNT:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The Huawei Cloud account cannot use VOD yet (real-name authentication, arrears or a frozen account).",
            ),
            params,
        )
    if cls is ErrorClass.TRANSIENT and code == THROTTLING:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError", "Huawei Cloud is throttling requests ({code}). Try again in a moment."
            ),
            params,
        )
    return None
