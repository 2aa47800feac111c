"""The credentials of the official SDKs' environment variables (``ALIBABA_CLOUD_ACCESS_KEY_ID``,
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``, optional ``ALIBABA_CLOUD_SECURITY_TOKEN`` and
``ALIBABA_CLOUD_REGION_ID``): the read-only "environment" profile of the app and the default
credentials of ``snapview ls``. Secrets read here are registered for redaction at once."""

from __future__ import annotations

import os
from collections.abc import Mapping

from snapview.core.credentials import AliyunCredentials, Profile
from snapview.core.redaction import register_secret

ENVIRONMENT_PROFILE = "environment"
ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
ENV_REGION = "ALIBABA_CLOUD_REGION_ID"


def missing_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """The names of the required variables that are unset or blank (empty when usable)."""
    env = os.environ if environ is None else environ
    return [name for name in (ENV_KEY_ID, ENV_SECRET) if not env.get(name, "").strip()]


def environment_profile(environ: Mapping[str, str] | None = None) -> Profile | None:
    """The read-only "environment" profile, or None when the variables are not set."""
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


def environment_credentials(environ: Mapping[str, str] | None = None) -> AliyunCredentials | None:
    """The AccessKey pair (and STS token) of the variables, or None when they are not set."""
    env = os.environ if environ is None else environ
    if missing_variables(env):
        return None
    creds = AliyunCredentials(env[ENV_KEY_ID], env[ENV_SECRET], env.get(ENV_TOKEN) or None)
    register_secret(creds.access_key_secret)
    register_secret(creds.security_token)
    return creds
