"""Huawei Cloud credentials from the environment, under the official SDK's variable names
(``huaweicloudsdkcore.auth.provider.EnvCredentialProvider``): ``HUAWEICLOUD_SDK_AK``,
``HUAWEICLOUD_SDK_SK``, ``HUAWEICLOUD_SDK_PROJECT_ID`` and, for temporary credentials,
``HUAWEICLOUD_SDK_SECURITY_TOKEN``. Never from the command line, where ``ps`` shows them to every
user. The secret key and the token are registered with :mod:`snapview.core.redaction` as soon as
they are read, so they cannot reach a log line. The read-only "environment" profile of the
credentials package is built on :func:`huawei_environment_credentials`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from snapview.core.credentials import HuaweiCredentials
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import register_secret

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
ENV_NAMES = (ENV_AK, ENV_SK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN)


@dataclass(frozen=True)
class MissingEnvironment:
    """Which variables a usable set lacks, and the sentence that says so."""

    missing: tuple[str, ...]

    @property
    def message(self) -> Message:
        return Message(
            "HuaweiVod",
            QT_TRANSLATE_NOOP("HuaweiVod", "No Huawei Cloud credentials: set {names}."),
            {"names": " and ".join(self.missing)},
        )


def huawei_environment_credentials(
    environ: Mapping[str, str] | None = None, *, project_id: str | None = None
) -> HuaweiCredentials | MissingEnvironment:
    """The credentials the environment holds, or what is missing. ``project_id`` (a command-line
    option, not a secret) wins over ``HUAWEICLOUD_SDK_PROJECT_ID``; a missing project ID is left for
    the client's validation, which says what a project ID is."""
    env = os.environ if environ is None else environ
    ak = env.get(ENV_AK, "").strip()
    sk = env.get(ENV_SK, "").strip()
    missing = tuple(name for name, value in ((ENV_AK, ak), (ENV_SK, sk)) if not value)
    if missing:
        return MissingEnvironment(missing)
    token = env.get(ENV_SECURITY_TOKEN, "").strip() or None
    register_secret(sk)
    register_secret(token)
    project = (project_id or "").strip() or env.get(ENV_PROJECT_ID, "").strip()
    return HuaweiCredentials(ak, sk, project, token)


def has_huawei_environment(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment offers a Huawei AK/SK pair at all (for the environment profile)."""
    return isinstance(huawei_environment_credentials(environ), HuaweiCredentials)
