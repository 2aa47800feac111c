"""Removes secrets from text before it is logged, shown in a crash dialog or copied anywhere.

Two mechanisms work together. Pattern rules catch every secret *form* the app handles (AccessKey
secrets, request signatures, Authorization headers, STS tokens, CDN URL tokens, MFS signatures),
whatever their value. Registered values catch a secret that shows up somewhere unexpected: once a
credential is loaded, its secret is registered and any occurrence of it is masked verbatim.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

MASK = "***"

# Names whose *value* is a secret wherever it appears as key=value, key: value or "key": "value".
_SECRET_KEYS = (
    r"AccessKeySecret|access[_-]?key[_-]?secret|ALIBABA_CLOUD_ACCESS_KEY_SECRET|"
    r"HUAWEICLOUD_SDK_SK|SecurityToken|security[_-]?token|ALIBABA_CLOUD_SECURITY_TOKEN|"
    r"x-acs-security-token|x-security-token|X-Auth-Token|Signature|signature|auth_key|auth_info|"
    r"auth_sign|OSSAccessKeyId|password|secret|sk"
)

# key="value" / key: 'value' / "key": "value" (JSON, dict reprs, YAML-ish); quoted values.
_QUOTED = re.compile(
    r"""(?P<key>["']?\b(?:"""
    + _SECRET_KEYS
    + r""")\b["']?\s*[:=]\s*)(?P<q>["'])(?P<val>.*?)(?P=q)""",
)
# key=value in query strings and key: value in headers; unquoted values end at a delimiter.
_UNQUOTED = re.compile(
    r"(?P<key>(?<![\w-])(?:" + _SECRET_KEYS + r")(?:=|:[ \t]*))(?P<val>[^\s&,;'\"<>)\]}]+)",
)
# An Authorization header (or dict entry) keeps its scheme but loses everything after it.
_AUTH_QUOTED = re.compile(
    r"""(?P<key>["']?\bauthorization\b["']?\s*[:=]\s*)(?P<q>["'])(?P<val>.*?)(?P=q)""", re.I
)
_AUTH_LINE = re.compile(r"(?P<key>(?<![\w-])authorization\s*[:=][ \t]*)(?P<val>[^\r\n'\"]+)", re.I)

_registered: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask this exact value everywhere from now on (AccessKey secrets, STS tokens, MFS keys)."""
    if value and len(value.strip()) >= 4:
        with _lock:
            _registered.add(value.strip())


def registered_secrets() -> frozenset[str]:
    with _lock:
        return frozenset(_registered)


def _mask_value(match: re.Match[str]) -> str:
    value = match.group("val")
    if not value or value == MASK:
        return match.group(0)
    quote = match.groupdict().get("q") or ""
    return f"{match.group('key')}{quote}{MASK}{quote}"


def _mask_auth(match: re.Match[str]) -> str:
    value = match.group("val").strip()
    scheme = value.split(" ", 1)[0] if " " in value else ""
    quote = match.groupdict().get("q") or ""
    shown = f"{scheme} {MASK}" if scheme else MASK
    return f"{match.group('key')}{quote}{shown}{quote}"


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """Return ``text`` with every secret form and every registered secret value masked."""
    if not text:
        return text
    out = _AUTH_QUOTED.sub(_mask_auth, text)
    out = _AUTH_LINE.sub(_mask_auth, out)
    out = _QUOTED.sub(_mask_value, out)
    out = _UNQUOTED.sub(_mask_value, out)
    secrets = sorted(
        registered_secrets() | {s for s in extra if s and len(s) >= 4}, key=len, reverse=True
    )
    for secret in secrets:
        if secret in out:
            out = out.replace(secret, MASK)
    return out


def redact_url(url: str) -> str:
    """A URL safe to display: query-string tokens masked, everything else kept."""
    return redact(url)
