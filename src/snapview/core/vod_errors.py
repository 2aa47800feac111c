"""Alibaba Cloud VOD errors as one exception type: parsing the error body, classifying the ``Code``
into what a user can do about it (SPEC A.5), and the sentence the user sees for each class.

The gateway's HTTP status for a given code varies over time (``Throttling.User`` has been 400, 429
and 503), so classification goes by ``Code`` first and falls back on the status only for bodies
without one. ``RequestId`` is always kept: it is what Alibaba Cloud support asks for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

_CONTEXT = "VodError"


class ErrorClass(StrEnum):
    """What kind of problem an error is, which decides the message, the colour and whether to retry."""

    NOT_FOUND = "not-found"
    NOT_READY = "not-ready"
    CREDENTIALS = "credentials"
    PERMISSION = "permission"
    ACCOUNT = "account"
    CLOCK = "clock"
    TRANSIENT = "transient"
    INPUT = "input"
    NETWORK = "network"
    # The cloud ran the snapshot job and it failed (Huawei THUMBNAIL_FAILED): nothing to retry,
    # the reason comes from the provider (``exec_desc``).
    JOB_FAILED = "job-failed"
    UNKNOWN = "unknown"

    @property
    def retryable(self) -> bool:
        return self in (ErrorClass.TRANSIENT, ErrorClass.NETWORK)


_EXACT: dict[str, ErrorClass] = {
    "InvalidVideo.NotFound": ErrorClass.NOT_FOUND,
    "NoSuchResource": ErrorClass.NOT_FOUND,
    "Forbidden.IllegalStatus": ErrorClass.NOT_READY,
    "SignatureDoesNotMatch": ErrorClass.CREDENTIALS,
    "IncompleteSignature": ErrorClass.CREDENTIALS,
    "InvalidAccessKeyId": ErrorClass.CREDENTIALS,
    "InvalidAccessKeyId.NotFound": ErrorClass.CREDENTIALS,
    "InvalidAccessKeyId.Inactive": ErrorClass.CREDENTIALS,
    "InvalidAccessKeySecret": ErrorClass.CREDENTIALS,
    "Forbidden.AccessKeyDisabled": ErrorClass.CREDENTIALS,
    "Forbidden.RAM": ErrorClass.PERMISSION,
    "Forbidden": ErrorClass.PERMISSION,
    "NoPermission": ErrorClass.PERMISSION,
    "Forbidden.NoPermission": ErrorClass.PERMISSION,
    "OperationDenied": ErrorClass.ACCOUNT,
    "OperationDenied.Suspended": ErrorClass.ACCOUNT,
    "InvalidTimeStamp.Expired": ErrorClass.CLOCK,
    "InvalidTimeStamp.Format": ErrorClass.INPUT,
    "IllegalTimestamp": ErrorClass.CLOCK,
    "SignatureNonceUsed": ErrorClass.TRANSIENT,
    "Throttling": ErrorClass.TRANSIENT,
    "Throttling.User": ErrorClass.TRANSIENT,
    "Throttling.Api": ErrorClass.TRANSIENT,
    "ServiceUnavailable": ErrorClass.TRANSIENT,
    "InternalError": ErrorClass.TRANSIENT,
    "MissingParameter": ErrorClass.INPUT,
    "InvalidParameter": ErrorClass.INPUT,
    # A wrong endpoint or API version: the request itself is wrong, not the video.
    "InvalidAction.NotFound": ErrorClass.INPUT,
    "InvalidVersion": ErrorClass.INPUT,
    "InvalidApi.NotFound": ErrorClass.INPUT,
}

# Families: the first matching prefix decides (codes gain suffixes over time).
_PREFIXES: tuple[tuple[str, ErrorClass], ...] = (
    ("InvalidSecurityToken", ErrorClass.CREDENTIALS),
    ("InvalidAccessKeyId", ErrorClass.CREDENTIALS),
    ("Forbidden.", ErrorClass.PERMISSION),
    ("OperationDenied", ErrorClass.ACCOUNT),
    ("InvalidTimeStamp", ErrorClass.CLOCK),
    ("Throttling", ErrorClass.TRANSIENT),
    ("ServiceUnavailable", ErrorClass.TRANSIENT),
    ("InternalError", ErrorClass.TRANSIENT),
    ("MissingParameter", ErrorClass.INPUT),
    ("InvalidParameter", ErrorClass.INPUT),
    ("Missing", ErrorClass.INPUT),
)


def classify(code: str, http_status: int | None = None) -> ErrorClass:
    """The class of an error ``code``; the HTTP status decides only when the code is unknown."""
    if code in _EXACT:
        return _EXACT[code]
    for prefix, error_class in _PREFIXES:
        if code.startswith(prefix):
            return error_class
    if http_status is not None and (http_status >= 500 or http_status in (408, 429)):
        return ErrorClass.TRANSIENT
    return ErrorClass.UNKNOWN


@dataclass(frozen=True, slots=True)
class AccessDeniedDetail:
    """The RAM diagnosis that comes with ``Forbidden.RAM``: which action was denied, and why."""

    auth_action: str = ""
    no_permission_type: str = ""  # ImplicitDeny / ExplicitDeny
    policy_type: str = ""
    principal_type: str = ""
    principal_display_name: str = ""
    encoded_diagnostic_message: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, value: object) -> AccessDeniedDetail | None:
        """From the body's ``AccessDeniedDetail`` (an object, or that object as a JSON string)."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        if not isinstance(value, Mapping) or not value:
            return None

        def text(key: str) -> str:
            item = value.get(key)
            return item if isinstance(item, str) else ("" if item is None else str(item))

        return cls(
            auth_action=text("AuthAction"),
            no_permission_type=text("NoPermissionType"),
            policy_type=text("PolicyType"),
            principal_type=text("AuthPrincipalType"),
            principal_display_name=text("AuthPrincipalDisplayName"),
            encoded_diagnostic_message=text("EncodedDiagnosticMessage"),
            raw=dict(value),
        )

    def summary(self) -> str:
        parts = [
            f"action {self.auth_action}" if self.auth_action else "",
            self.no_permission_type,
            f"policy {self.policy_type}" if self.policy_type else "",
            f"principal {self.principal_display_name}" if self.principal_display_name else "",
        ]
        return ", ".join(p for p in parts if p)


# The gateway echoes its string-to-sign in SignatureDoesNotMatch messages; with V1 that holds the
# (encoded) STS token, which must not reach logs or the screen.
_STRING_TO_SIGN = re.compile(r"(string\s*to\s*sign\s*is\s*:?\s*).*", re.IGNORECASE | re.DOTALL)


def _one_line(text: str, limit: int = 500) -> str:
    text = _STRING_TO_SIGN.sub(r"\1***", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class VodError(UserFacingError):
    """An error from (or on the way to) the VOD API. ``str(err)`` is one line with the class, the
    ``Code``, the ``Message`` and the ``RequestId``; ``user_message`` is what a user should read."""

    def __init__(
        self,
        code: str,
        message: str = "",
        *,
        request_id: str = "",
        http_status: int | None = None,
        error_class: ErrorClass | None = None,
        retry_after: float | None = None,
        detail: AccessDeniedDetail | None = None,
        host_id: str = "",
        recommend: str = "",
        clock_skew: float | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code or "Unknown"
        self.message = _one_line(message)
        self.request_id = request_id
        self.http_status = http_status
        self.error_class = error_class or classify(self.code, http_status)
        self.retry_after = retry_after
        self.detail = detail
        self.host_id = host_id
        self.recommend = recommend
        self.clock_skew = clock_skew  # seconds, server clock minus ours, when known
        self.raw: Mapping[str, Any] = raw or {}
        # No connection could be made at all (refused, no route, DNS): a listing does not give
        # such a page its many per-page attempts, or a user without network waits minutes.
        self.unreachable = False
        self.attempts = 1  # requests made before giving up (the client fills this in)
        super().__init__()  # the sentence is built from the class: see user_message
        self.args = (self.code, self.message)

    @property
    def retryable(self) -> bool:
        return self.error_class.retryable

    def __str__(self) -> str:
        request_id = self.request_id or "-"
        status = f", HTTP {self.http_status}" if self.http_status else ""
        message = f": {self.message}" if self.message else ""
        return f"[{self.error_class}] {self.code}{message} (RequestId: {request_id}{status})"

    def __repr__(self) -> str:
        return f"VodError({self.code!r}, {self.message!r}, request_id={self.request_id!r}, class={self.error_class})"

    @property
    def user_message(self) -> Message:
        """One sentence saying what happened and what to do, in the user's terms."""
        return _user_message(self)

    @classmethod
    def network(
        cls, description: str, *, timeout: bool = False, unreachable: bool = False
    ) -> VodError:
        """A request that never got an HTTP answer (connection refused, DNS, TLS, timeout)."""
        error = cls(
            "RequestTimeout" if timeout else "NetworkError",
            description,
            error_class=ErrorClass.NETWORK,
        )
        error.unreachable = unreachable
        return error

    @classmethod
    def from_response(
        cls,
        http_status: int,
        body: bytes | str,
        headers: Mapping[str, str] | None = None,
    ) -> VodError:
        """The error an HTTP error response stands for, whatever its body (JSON, XML, HTML, empty)."""
        fields = parse_error_body(body)
        headers = headers or {}
        code = fields.get("Code", "")
        message = fields.get("Message", "")
        if not code:
            snippet = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
            code = f"HTTP{http_status}"
            message = message or (
                f"the endpoint answered HTTP {http_status} without an API error body"
                + (f": {snippet[:120]}" if snippet.strip() else "")
            )
        raw = fields.get("_raw")
        return cls(
            code,
            message,
            request_id=fields.get("RequestId", "") or _header(headers, "x-acs-request-id"),
            http_status=http_status,
            detail=AccessDeniedDetail.parse(raw.get("AccessDeniedDetail"))
            if isinstance(raw, Mapping)
            else None,
            host_id=fields.get("HostId", ""),
            recommend=fields.get("Recommend", ""),
            raw=raw if isinstance(raw, Mapping) else None,
        )


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


_XML_FIELD = re.compile(r"<(Code|Message|RequestId|HostId|Recommend)>(.*?)</\1>", re.DOTALL)
_XML_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def parse_error_body(body: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """``Code``, ``Message``, ``RequestId``, ``HostId``, ``Recommend`` (strings) from an error body,
    plus the decoded JSON object under ``_raw``. Never raises: an unreadable body gives ``{}``.

    XML bodies are read with a regular expression, not an XML parser, so no entity can expand.
    """
    data: object = body
    if isinstance(body, bytes):
        data = body.decode("utf-8", "replace")
    if isinstance(data, str):
        text = data.strip()
        if text.startswith("<"):
            found: dict[str, Any] = {}
            for name, value in _XML_FIELD.findall(text):
                for entity, char in _XML_ENTITIES.items():
                    value = value.replace(entity, char)
                found.setdefault(name, value.strip())
            return found
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return {}
    if not isinstance(data, Mapping):
        return {}
    out: dict[str, Any] = {"_raw": data}
    for key in ("Code", "Message", "RequestId", "HostId", "Recommend"):
        value = data.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            out[key] = str(value)
    return out


def format_duration(seconds: float) -> str:
    """A clock difference in the unit a person reads it in: ``45 s``, ``20 min``, ``2.0 h``."""
    seconds = abs(seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _user_message(err: VodError) -> Message:
    params: dict[str, object] = {
        "code": err.code,
        "message": err.message,
        "request_id": err.request_id or "-",
    }
    cls = err.error_class
    code = err.code
    if cls is ErrorClass.NOT_FOUND:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The video does not exist (in this region and account). Check the video ID and the profile's region.",
            ),
            params,
        )
    if cls is ErrorClass.NOT_READY:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The video is still processing — snapshots are listed once it is ready. Try again in a moment.",
            ),
            params,
        )
    if cls is ErrorClass.CREDENTIALS:
        if code.startswith("InvalidAccessKeyId.Inactive") or code == "Forbidden.AccessKeyDisabled":
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "This AccessKey is disabled. Enable it in the RAM console or use another key.",
                ),
                params,
            )
        if code.startswith("InvalidAccessKeyId"):
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "The AccessKey ID is not known to Alibaba Cloud. Check the AccessKey ID of this profile.",
                ),
                params,
            )
        if code.startswith("InvalidSecurityToken"):
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "The STS security token is invalid or has expired. Get a new token for this profile.",
                ),
                params,
            )
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The AccessKey secret is wrong: the request signature did not match. Check the secret of this profile.",
            ),
            params,
        )
    if cls is ErrorClass.PERMISSION:
        params["detail"] = err.detail.summary() if err.detail else ""
        if err.detail and params["detail"]:
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "This AccessKey is not allowed to list snapshots (it needs vod:ListSnapshots): {detail}.",
                ),
                params,
            )
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "This AccessKey is not allowed to list snapshots (it needs the vod:ListSnapshots permission).",
            ),
            params,
        )
    if cls is ErrorClass.ACCOUNT:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "ApsaraVideo VOD is not activated for this account, or the account is overdue or suspended.",
            ),
            params,
        )
    if cls is ErrorClass.CLOCK:
        if err.clock_skew is not None:
            params["skew"] = format_duration(err.clock_skew)
            if err.clock_skew > 0:
                return Message(
                    _CONTEXT,
                    QT_TRANSLATE_NOOP(
                        "VodError",
                        "The request time was rejected: this computer's clock is {skew} behind the server's. Check the system clock.",  # noqa: E501 - one literal per message, as lupdate reads it
                    ),
                    params,
                )
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "The request time was rejected: this computer's clock is {skew} ahead of the server's. Check the system clock.",  # noqa: E501 - one literal per message, as lupdate reads it
                ),
                params,
            )
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The request time was rejected. Check the system clock (date, time and time zone).",
            ),
            params,
        )
    if cls is ErrorClass.TRANSIENT:
        if code.startswith("Throttling"):
            return Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "VodError",
                    "Alibaba Cloud is throttling requests ({code}). Try again in a moment.",
                ),
                params,
            )
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "The VOD service is temporarily unavailable ({code}). Try again in a moment.",
            ),
            params,
        )
    if cls is ErrorClass.INPUT and not err.request_id:
        # Found on this side before anything was sent: the message already says what to fix.
        return Message(_CONTEXT, QT_TRANSLATE_NOOP("VodError", "{message}"), params)
    if cls is ErrorClass.INPUT:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP("VodError", "The request was rejected as invalid: {message}"),
            params,
        )
    if cls is ErrorClass.NETWORK:
        return Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "VodError",
                "Could not reach the VOD service: {message}. Check the network connection and the endpoint.",
            ),
            params,
        )
    return Message(
        _CONTEXT,
        QT_TRANSLATE_NOOP("VodError", "The VOD service returned an error: {code}: {message}"),
        params,
    )
