"""Credentials and profiles as plain values. A secret never appears in a repr, str or log line."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
