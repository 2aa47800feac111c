"""Credentials and profiles as plain values, and the rules a profile must follow before it is stored.
A secret never appears in a repr, str or log line.

A profile is one cloud account of either provider: Alibaba Cloud (AccessKey ID and secret, optional
STS token, a region, V3 or V1 signing) or Huawei Cloud (AK and SK, optional security token of
temporary credentials, a region and the project ID the VOD calls are made in). Only the non-secret
fields are a :class:`Profile`; :func:`make_credentials` joins them with the secrets from the keyring.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import urlsplit

from snapview.core import huawei_requests
from snapview.core.errors import UserFacingError
from snapview.core.huawei_requests import HuaweiInvalidRequest, validate_project_id
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
# The SDK's VodRegion: the regions with a public vod.<region>.myhuaweicloud.com endpoint.
HUAWEI_REGIONS = huawei_requests.REGIONS
HUAWEI_DEFAULT_REGION = huawei_requests.DEFAULT_REGION


class Provider(StrEnum):
    ALIYUN = "aliyun"
    HUAWEI = "huawei"


def default_region(provider: Provider) -> str:
    """The region a new profile of ``provider`` starts with."""
    return HUAWEI_DEFAULT_REGION if provider is Provider.HUAWEI else "cn-shanghai"


def provider_regions(provider: Provider) -> tuple[str, ...]:
    """The regions with a public VOD endpoint (Alibaba: SPEC A.4; Huawei: the SDK's VodRegion)."""
    return HUAWEI_REGIONS if provider is Provider.HUAWEI else ALIYUN_REGIONS


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

    @property
    def secret(self) -> str:
        """The secret half of the key pair, whatever the provider calls it."""
        return self.access_key_secret


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

    @property
    def secret(self) -> str:
        """The secret half of the key pair, whatever the provider calls it."""
        return self.secret_key


# What a profile's secrets make, by its provider.
CloudCredentials = AliyunCredentials | HuaweiCredentials


@dataclass(frozen=True, slots=True)
class Profile:
    """A named cloud account. Only non-secret fields; the secret and STS token live in the keyring."""

    name: str
    provider: Provider = Provider.ALIYUN
    region: str = "cn-shanghai"
    endpoint: str | None = None  # custom endpoint URL (the emulator), overrides the region
    access_key_id: str = ""  # Alibaba: the AccessKey ID; Huawei: the AK
    signature_version: SignatureVersion = SignatureVersion.V3  # Alibaba only
    uses_security_token: bool = False  # Alibaba: an STS token; Huawei: temporary credentials
    read_only: bool = False  # environment and demo profiles cannot be edited
    stored: bool = True  # False for the environment and the in-memory demo profile
    project_id: str = ""  # Huawei only: the project of the region the VOD calls are made in


def make_credentials(
    profile: Profile, secret: str, security_token: str | None = None
) -> CloudCredentials:
    """The credentials ``profile`` signs with, given its secret (and token) from the keyring."""
    if profile.provider is Provider.HUAWEI:
        return HuaweiCredentials(
            profile.access_key_id, secret, profile.project_id, security_token or None
        )
    return AliyunCredentials(profile.access_key_id, secret, security_token or None)


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
    new profile (or one whose provider changed: its old secret belongs to the other cloud) needs its
    secret.
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
    huawei = profile.provider is Provider.HUAWEI
    key_id = profile.access_key_id.strip()
    if not key_id or any(ch.isspace() for ch in key_id):
        if huawei:
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "Keyring",
                    "Enter the access key (AK): one word, from My Credentials > Access Keys.",
                )
            )
        raise _invalid(
            QT_TRANSLATE_NOOP("Keyring", "Enter the AccessKey ID (one word, for example LTAI5t…).")
        )
    endpoint = (profile.endpoint or "").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            if huawei:
                raise _invalid(
                    QT_TRANSLATE_NOOP(
                        "Keyring",
                        "The custom endpoint must be a URL such as https://vod.cn-north-4.myhuaweicloud.com "
                        "or http://127.0.0.1:8600.",
                    )
                )
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
    project_id = ""
    if huawei:
        region = region.lower()
        if endpoint is None and region not in HUAWEI_REGIONS:
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "Keyring",
                    "“{region}” is not a Huawei Cloud VOD region; choose one of {choices}, or enter a custom endpoint.",
                ),
                region=region[:40],
                choices=", ".join(HUAWEI_REGIONS),
            )
        try:
            project_id = validate_project_id(profile.project_id)
        except HuaweiInvalidRequest as exc:
            raise InvalidProfile(exc.user_message) from None
    if is_new and not (secret or "").strip():
        if huawei:
            raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Enter the secret key (SK)."))
        raise _invalid(QT_TRANSLATE_NOOP("Keyring", "Enter the AccessKey secret."))
    return replace(
        profile,
        name=name,
        access_key_id=key_id,
        endpoint=endpoint,
        region=region or default_region(profile.provider),
        project_id=project_id,
        signature_version=SignatureVersion.V3 if huawei else profile.signature_version,
        read_only=False,
        stored=True,
    )
