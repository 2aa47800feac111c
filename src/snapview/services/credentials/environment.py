"""The credentials of the official SDKs' environment variables, as the read-only environment profiles
of the app and the default credentials of ``snapview ls``:

- "environment" — Alibaba Cloud: ``ALIBABA_CLOUD_ACCESS_KEY_ID``, ``ALIBABA_CLOUD_ACCESS_KEY_SECRET``,
  optional ``ALIBABA_CLOUD_SECURITY_TOKEN`` and ``ALIBABA_CLOUD_REGION_ID``;
- "environment-huawei" — Huawei Cloud: ``HUAWEICLOUD_SDK_AK``, ``HUAWEICLOUD_SDK_SK``,
  ``HUAWEICLOUD_SDK_PROJECT_ID`` and optional ``HUAWEICLOUD_SDK_SECURITY_TOKEN``
  (:mod:`snapview.services.huawei_environment`). The SDK has no variable for the region, so the
  profile is in the SDK's default VOD region; a project elsewhere needs a stored profile.

With both sets present there are two profiles; the Alibaba one keeps the name it always had, so
``--profile environment`` and a remembered last profile still mean the same account. Both names are
reserved whether or not their variables are set. Secrets read here are registered for redaction at
once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from snapview.core.credentials import (
    HUAWEI_DEFAULT_REGION,
    AliyunCredentials,
    CloudCredentials,
    HuaweiCredentials,
    Profile,
    Provider,
)
from snapview.core.redaction import register_secret
from snapview.services.huawei_environment import (
    ENV_AK,
    ENV_PROJECT_ID,
    ENV_SECURITY_TOKEN,
    huawei_environment_credentials,
)

ENVIRONMENT_PROFILE = "environment"
HUAWEI_ENVIRONMENT_PROFILE = "environment-huawei"
ENVIRONMENT_PROFILES = (ENVIRONMENT_PROFILE, HUAWEI_ENVIRONMENT_PROFILE)
ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
ENV_REGION = "ALIBABA_CLOUD_REGION_ID"


def missing_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """The names of the required Alibaba variables that are unset or blank (empty when usable)."""
    env = os.environ if environ is None else environ
    return [name for name in (ENV_KEY_ID, ENV_SECRET) if not env.get(name, "").strip()]


def environment_profile(environ: Mapping[str, str] | None = None) -> Profile | None:
    """The read-only Alibaba "environment" profile, or None when the variables are not set."""
    env = os.environ if environ is None else environ
    if missing_variables(env):
        return None
    return Profile(
        name=ENVIRONMENT_PROFILE,
        region=env.get(ENV_REGION, "").strip() or "cn-shanghai",
        access_key_id=env[ENV_KEY_ID].strip(),
        uses_security_token=bool(env.get(ENV_TOKEN, "").strip()),
        read_only=True,
        stored=False,
    )


def huawei_environment_profile(environ: Mapping[str, str] | None = None) -> Profile | None:
    """The read-only "environment-huawei" profile, or None without an AK/SK pair. A missing
    project ID still makes the profile: loading with it then says what is missing."""
    env = os.environ if environ is None else environ
    if not isinstance(huawei_environment_credentials(env), HuaweiCredentials):
        return None
    return Profile(
        name=HUAWEI_ENVIRONMENT_PROFILE,
        provider=Provider.HUAWEI,
        region=HUAWEI_DEFAULT_REGION,
        access_key_id=env[ENV_AK].strip(),
        project_id=env.get(ENV_PROJECT_ID, "").strip(),
        uses_security_token=bool(env.get(ENV_SECURITY_TOKEN, "").strip()),
        read_only=True,
        stored=False,
    )


def environment_profiles(environ: Mapping[str, str] | None = None) -> list[Profile]:
    """The environment profiles whose variables are set: Alibaba's first, then Huawei's."""
    found = (environment_profile(environ), huawei_environment_profile(environ))
    return [profile for profile in found if profile is not None]


def environment_credentials(environ: Mapping[str, str] | None = None) -> AliyunCredentials | None:
    """The AccessKey pair (and STS token) of the variables, or None when they are not set."""
    env = os.environ if environ is None else environ
    if missing_variables(env):
        return None
    creds = AliyunCredentials(env[ENV_KEY_ID], env[ENV_SECRET], env.get(ENV_TOKEN) or None)
    register_secret(creds.access_key_secret)
    register_secret(creds.security_token)
    return creds


def environment_profile_credentials(
    name: str, environ: Mapping[str, str] | None = None
) -> tuple[Profile, CloudCredentials] | None:
    """The environment profile ``name`` with its credentials, or None when it is not set."""
    if name == ENVIRONMENT_PROFILE:
        profile, creds = environment_profile(environ), environment_credentials(environ)
        return (profile, creds) if profile is not None and creds is not None else None
    if name == HUAWEI_ENVIRONMENT_PROFILE:
        profile = huawei_environment_profile(environ)
        huawei = huawei_environment_credentials(environ)
        if profile is not None and isinstance(huawei, HuaweiCredentials):
            return profile, huawei
    return None
