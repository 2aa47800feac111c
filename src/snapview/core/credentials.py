"""Credentials and profiles as plain values, and the rules a profile must follow before it is stored.
A secret never appears in a repr, str or log line."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import urlsplit

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

# SPEC A.4: the regions with a public vod.<region>.aliyuncs.com endpoint.
ALIYUN_REGIONS = (
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-southeast-1",
    "ap-southeast-5",
    "ap-south-1",
    "eu-central-1",
    "us-west-1",
    "me-central-1",
)


class Provider(StrEnum):
    ALIYUN = "aliyun"
    HUAWEI = "huawei"


class SignatureVersion(StrEnum):
    V3 = "v3"  # ACS3-HMAC-SHA256, the current official SDK's default
    V1 = "v1"  # HMAC-SHA1 query signature (SignatureVersion=1.0)


@dataclass(frozen=True, slots=True)
class AliyunCredentials:
    """AccessKey pair, optionally with an STS security token. Values are trimmed on creation."""

    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "access_key_id", self.access_key_id.strip())
        object.__setattr__(self, "access_key_secret", self.access_key_secret.strip())
        token = self.security_token.strip() if self.security_token else None
        object.__setattr__(self, "security_token", token or None)

    def __str__(self) -> str:
        return f"AliyunCredentials({self.access_key_id}, secret=***{', sts' if self.security_token else ''})"


@dataclass(frozen=True, slots=True)
class HuaweiCredentials:
    """Huawei Cloud AK/SK, optionally with the security token of temporary credentials, and the
    project the VOD calls are made in (a VOD API path names it; one project per region)."""

    access_key: str
    secret_key: str = field(repr=False)
    project_id: str = ""
    security_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "access_key", self.access_key.strip())
        object.__setattr__(self, "secret_key", self.secret_key.strip())
        object.__setattr__(self, "project_id", self.project_id.strip())
        token = self.security_token.strip() if self.security_token else None
        object.__setattr__(self, "security_token", token or None)

    def __str__(self) -> str:
        temporary = ", temporary" if self.security_token else ""
        return f"HuaweiCredentials({self.access_key}, project {self.project_id or '-'}, sk=***{temporary})"


@dataclass(frozen=True, slots=True)
class Profile:
    """A named cloud account. Only non-secret fields; the secret and STS token live in the keyring."""

    name: str
    provider: Provider = Provider.ALIYUN
    region: str = "cn-shanghai"
    endpoint: str | None = None  # custom endpoint URL (the emulator), overrides the region
    access_key_id: str = ""
    signature_version: SignatureVersion = SignatureVersion.V3
    uses_security_token: bool = False
    read_only: bool = False  # environment and demo profiles cannot be edited
    stored: bool = True  # False for the environment and the in-memory demo profile


MAX_NAME_LENGTH = 64


class InvalidProfile(UserFacingError):
    """A profile the user typed is incomplete or malformed; the message says which field and how."""


def _invalid(template: str, **params: object) -> InvalidProfile:
    return InvalidProfile(Message("Keyring", template, params))


def validate_profile(
    profile: Profile, secret: str | None, *, is_new: bool, reserved_names: Collection[str] = ()
) -> Profile:
    """The profile with its fields trimmed, ready to store; :class:`InvalidProfile` says what is wrong.

    ``reserved_names`` are taken by profiles that are not stored (the environment, the demo), and a
    new profile needs its AccessKey secret.
    """
    name = profile.name.strip()
    if not name:
        raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Give the profile a name."))
    if len(name) > MAX_NAME_LENGTH or any(ch in name for ch in "\r\n\t"):
        raise _invalid(
            QT_TRANSLATE_NOOP("Keyring", "A profile name is one line of at most {max} characters."),
            max=MAX_NAME_LENGTH,
        )
    if name in reserved_names:
        raise _invalid(
            QT_TRANSLATE_NOOP("Keyring", "The name “{name}” is reserved; choose another one."),
            name=name,
        )
    if profile.provider != Provider.ALIYUN:
        raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Huawei Cloud profiles are coming later."))
    key_id = profile.access_key_id.strip()
    if not key_id or any(ch.isspace() for ch in key_id):
        raise _invalid(
            QT_TRANSLATE_NOOP("Keyring", "Enter the AccessKey ID (one word, for example LTAI5t…).")
        )
    endpoint = (profile.endpoint or "").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "Keyring",
                    "The custom endpoint must be a URL such as https://vod.cn-shanghai.aliyuncs.com "
                    "or http://127.0.0.1:8600.",
                )
            )
    region = profile.region.strip()
    if not region and endpoint is None:
        raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Choose a region or enter a custom endpoint."))
    if is_new and not (secret or "").strip():
        raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Enter the AccessKey secret."))
    return replace(
        profile,
        name=name,
        access_key_id=key_id,
        endpoint=endpoint,
        region=region or "cn-shanghai",
        read_only=False,
        stored=True,
    )
