"""How the commands that talk to a cloud (``snapview ls``, ``videos``, ``scan``) learn where and as
whom — the ``--provider``/``--profile``/``--region``/``--endpoint``/``--signature`` options and the
credentials behind them — and how their failures end: one line on stderr, status 2 for what the user
typed, 1 for the rest, never a traceback.

Credentials come from the official SDKs' environment variables (``ALIBABA_CLOUD_ACCESS_KEY_ID``,
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``, optional ``ALIBABA_CLOUD_SECURITY_TOKEN``; Huawei's
``HUAWEICLOUD_SDK_AK``/``SK``/``PROJECT_ID``) or from a stored profile (``--profile``), never from
the command line, where every user could read them with ``ps``. One copy of this for every command,
so they cannot drift apart. Keep module-level imports light: the commands are imported for
``snapview --help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from snapview.core.credentials import AliyunCredentials, SignatureVersion
    from snapview.core.vod_errors import VodError

from snapview.commands import UsageError

__all__ = [
    "UsageError",
    "add_connection_arguments",
    "aliyun_credentials",
    "chosen_provider",
    "huawei_credentials",
    "run_command",
]

# The names only: the environment module itself is imported when a command runs.
ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
PROVIDERS = ("aliyun", "huawei")
EXIT_ERROR = 1
EXIT_USAGE = 2


def add_connection_arguments(parser: argparse.ArgumentParser, *, provider: bool = False) -> None:
    """``--region``/``--endpoint``, ``--signature`` and ``--profile`` (and ``--provider``)."""
    if provider:
        parser.add_argument(
            "--provider",
            choices=PROVIDERS,
            help="cloud: aliyun (Alibaba Cloud VOD) or huawei (default: the profile's, else aliyun)",
        )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--region",
        metavar="R",
        help="VOD region (default cn-shanghai, or the profile's; Huawei: cn-north-4)",
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="custom endpoint URL, e.g. the emulator http://127.0.0.1:PORT",
    )
    parser.add_argument(
        "--signature",
        choices=("v3", "v1"),
        help="Alibaba signing scheme (default v3, or the profile's)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="use a stored credential profile instead of the environment",
    )


async def aliyun_credentials(args: argparse.Namespace) -> tuple[AliyunCredentials, dict[str, Any]]:
    """The credentials and the profile's connection settings (provider, region, endpoint,
    signature); from the environment variables when no ``--profile`` is given."""
    if args.profile:
        from snapview.services.credentials import CredentialError, load_profile_credentials

        try:
            profile, creds = await load_profile_credentials(args.profile)
        except CredentialError as exc:
            raise UsageError(exc.user_message.english()) from None
        from snapview.core.credentials import AliyunCredentials

        if not isinstance(creds, AliyunCredentials):
            raise UsageError(f"profile {args.profile} is a Huawei Cloud profile")
        return creds, {
            "provider": profile.provider.value,
            "region": profile.region,
            "endpoint": profile.endpoint,
            "signature": profile.signature_version.value,
        }
    from snapview.services.credentials.environment import (
        environment_credentials,
        missing_variables,
    )

    from_environment = environment_credentials()
    if from_environment is None:
        missing = " and ".join(missing_variables())
        raise UsageError(f"no credentials: set {missing} (or use --profile NAME)")
    return from_environment, {}


@dataclass(frozen=True)
class AliyunConnection:
    """Everything a VodClient needs, resolved from the options, the profile and the defaults."""

    credentials: AliyunCredentials
    region: str
    endpoint: str | None
    signature: SignatureVersion


def resolve_aliyun(
    args: argparse.Namespace, creds: AliyunCredentials, profile_settings: dict[str, Any]
) -> AliyunConnection:
    """Options win over the profile, which wins over the defaults (an explicit ``--region``
    also drops the profile's custom endpoint)."""
    from snapview.core.credentials import SignatureVersion

    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or "cn-shanghai"
    signature = SignatureVersion(args.signature or profile_settings.get("signature") or "v3")
    return AliyunConnection(creds, region, endpoint, signature)


def error_line(exc: VodError) -> str:
    """The user's sentence, then the technical line (class, Code, Message, RequestId) support needs."""
    from snapview.core.errors import describe

    advice = describe(exc).english()
    line = str(exc)
    return line if advice in line else f"{advice} — {line}"


def run_command(prog: str, main: Callable[[], Coroutine[Any, Any, int]], *, logger: str) -> int:
    """Run a command's coroutine; every failure becomes one line on stderr and an exit status."""
    import asyncio

    from snapview.core.errors import UserFacingError
    from snapview.core.vod_errors import ErrorClass, VodError

    try:
        return asyncio.run(main())
    except BrokenPipeError:
        raise  # the reader went away: commands.output ends the command quietly
    except UsageError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except VodError as exc:
        print(f"{prog}: {error_line(exc)}", file=sys.stderr)
        found_here = exc.error_class is ErrorClass.INPUT and not exc.request_id
        return EXIT_USAGE if found_here else EXIT_ERROR
    except UserFacingError as exc:  # what the user typed: a date, a status, a category…
        print(f"{prog}: {exc.user_message.english()}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the promise is: no traceback, ever
        import logging

        from snapview.core.redaction import redact

        logging.getLogger(logger).debug("%s failed", prog, exc_info=True)
        print(f"{prog}: internal error: {redact(f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return EXIT_ERROR


# --- which cloud, and the Huawei credentials ------------------------------------------------------


def _profile_provider(name: str) -> str | None:
    """The provider of profile ``name`` from the settings file or the environment (no keyring)."""
    from snapview.services.credentials import CredentialStore
    from snapview.services.settings import Settings

    profile = CredentialStore(Settings()).find_profile(name)
    return profile.provider.value if profile is not None else None


def chosen_provider(args: argparse.Namespace) -> str:
    """``--provider``, else the provider of ``--profile``, else Alibaba Cloud."""
    if not args.profile:
        return str(args.provider or "aliyun")
    of_profile = _profile_provider(args.profile)
    if args.provider and of_profile and args.provider != of_profile:
        cloud = "a Huawei Cloud" if of_profile == "huawei" else "an Alibaba Cloud"
        raise UsageError(
            f"profile {args.profile} is {cloud} profile; drop --provider {args.provider} "
            f"(or use --provider {of_profile})"
        )
    return str(args.provider or of_profile or "aliyun")


async def _profile_credentials(name: str) -> tuple[Any, Any]:
    from snapview.services.credentials import CredentialError, load_profile_credentials

    try:
        return await load_profile_credentials(name)
    except CredentialError as exc:
        raise UsageError(exc.user_message.english()) from None


async def huawei_credentials(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The Huawei credentials for this run and the profile's region and endpoint: from ``--profile``
    (AK/SK/token from the keyring, region and project ID from settings) or from the environment.
    ``--project-id`` wins over either's project ID."""
    from snapview.core.credentials import HuaweiCredentials
    from snapview.services.huawei_environment import (
        ENV_PROJECT_ID,
        MissingEnvironment,
        huawei_environment_credentials,
    )

    if args.profile:
        profile, creds = await _profile_credentials(args.profile)
        if not isinstance(creds, HuaweiCredentials):
            raise UsageError(f"profile {args.profile} is an Alibaba Cloud profile")
        if args.project_id:
            creds = HuaweiCredentials(
                creds.access_key, creds.secret_key, args.project_id, creds.security_token
            )
        if not creds.project_id:
            raise UsageError(
                f"profile {args.profile} has no project ID: pass --project-id (the ID of your "
                "project in the region, under My Credentials > Projects in the console)"
            )
        return creds, {"region": profile.region, "endpoint": profile.endpoint}
    found = huawei_environment_credentials(project_id=args.project_id)
    if isinstance(found, MissingEnvironment):
        raise UsageError(found.message.english()[0].lower() + found.message.english()[1:])
    if not found.project_id:
        raise UsageError(
            f"no project ID: set {ENV_PROJECT_ID} or pass --project-id (the ID of your project in "
            "the region, under My Credentials > Projects in the console)"
        )
    return found, {}
