"""`snapview credentials`: list, add, remove and test the credential profiles kept in the OS keyring.

Secrets never come from the command line (argv is visible to every user via ``ps`` and lands in
shell history): they are read from a hidden prompt, or from standard input when it is not a
terminal (``printf '%s\\n' "$SECRET" | snapview credentials add ...``).

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from snapview.commands import UsageError

if TYPE_CHECKING:
    from snapview.services.credentials import CredentialStore

REGION_HINT = "cn-shanghai, cn-beijing, cn-shenzhen, cn-hongkong, ap-southeast-1, …"
HUAWEI_REGION_HINT = "cn-north-4, cn-north-1, cn-east-2, ap-southeast-1/2/3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    sub = parser.add_subparsers(
        dest="action", metavar="ACTION", title="actions", parser_class=type(parser)
    )
    sub.required = True
    sub.add_parser(
        "list",
        prog="snapview credentials list",
        help="list the profiles and where their secrets are kept",
    )
    add = sub.add_parser(
        "add",
        prog="snapview credentials add",
        help="add or replace a profile; the secret is read from a hidden prompt or from stdin",
        description=(
            "Add or replace an Alibaba Cloud or (with --provider huawei) a Huawei Cloud profile. "
            "The secret — the AccessKey secret, or Huawei's secret key (SK) — and, with --sts, the "
            "security token on the next line, is read from a hidden prompt, or from standard input "
            "when it is not a terminal. It is stored in the OS keyring, never in a file."
        ),
    )
    add.add_argument("name", metavar="NAME", help="profile name")
    add.add_argument(
        "--provider",
        choices=("aliyun", "huawei"),
        default="aliyun",
        help="the cloud: aliyun (Alibaba Cloud VOD, the default) or huawei (Huawei Cloud VOD)",
    )
    add.add_argument(
        "--access-key-id",
        required=True,
        metavar="ID",
        help="the AccessKey ID (LTAI…), or Huawei's access key (AK)",
    )
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--region",
        metavar="REGION",
        help=f"VOD region ({REGION_HINT}; Huawei: {HUAWEI_REGION_HINT})",
    )
    where.add_argument(
        "--endpoint", metavar="URL", help="custom endpoint URL (e.g. the local emulator)"
    )
    add.add_argument(
        "--project-id",
        metavar="ID",
        help="Huawei: the project ID of the region (32 hex characters, My Credentials > Projects)",
    )
    add.add_argument(
        "--signature", choices=("v3", "v1"), help="Alibaba signing scheme (default: v3)"
    )
    add.add_argument(
        "--sts",
        action="store_true",
        help="also read a security token (Alibaba STS, or Huawei temporary credentials)",
    )
    remove = sub.add_parser(
        "remove",
        prog="snapview credentials remove",
        help="delete a profile and its keyring entries",
    )
    remove.add_argument("name", metavar="NAME")
    test = sub.add_parser(
        "test", prog="snapview credentials test", help="make a signed test call with a profile"
    )
    test.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    import asyncio

    from snapview.services.credentials import CredentialError

    try:
        return asyncio.run(_run(args))
    except CredentialError as exc:
        print(f"snapview credentials: {exc.user_message.english()}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"snapview credentials: {exc}", file=sys.stderr)
        return 2


def read_secret(prompt: str) -> str:
    if sys.stdin is None:
        raise UsageError("no input to read the secret from")
    if sys.stdin.isatty():
        import getpass

        try:
            value = getpass.getpass(prompt)
        except EOFError:
            value = ""
    else:
        value = sys.stdin.readline()
    value = value.strip()
    if not value:
        raise UsageError(f"{prompt.rstrip(': ')} is empty; nothing was saved")
    return value


async def _run(args: argparse.Namespace) -> int:
    from snapview.services.credentials import CredentialStore
    from snapview.services.settings import Settings

    store = CredentialStore(Settings())
    await store.probe()
    action: str = args.action
    if action == "list":
        return _list(store)
    if action == "add":
        return await _add(store, args)
    if action == "remove":
        await store.delete_profile(args.name)
        print(f"removed profile {args.name} (and its secrets from {store.backend_name})")
        return 0
    return await _test(store, args.name)


def _list(store: CredentialStore) -> int:
    profiles = store.profiles_now()
    if not profiles:
        print(f"no profiles (secrets would be kept in: {store.backend_name})")
        return 0
    from snapview.core.credentials import Provider
    from snapview.services.credentials import ENVIRONMENT_PROFILES

    print(
        f"{'NAME':<20} {'PROVIDER':<8} {'ACCESS KEY ID':<26} {'REGION / ENDPOINT':<34} "
        "SIGNATURE  SOURCE"
    )
    for p in profiles:
        where = p.endpoint or p.region
        if p.provider is Provider.HUAWEI:
            where = f"{where} ({p.project_id or 'no project ID'})"
        # Where the secret comes from: a stored profile's is in the keyring, unless there is none.
        if p.stored:
            source = "no keyring" if store.session_only else "keyring"
        else:
            source = "environment" if p.name in ENVIRONMENT_PROFILES else "memory"
        sts = "+sts" if p.uses_security_token else ""
        signing = "sdk-hmac" if p.provider is Provider.HUAWEI else p.signature_version.value
        print(
            f"{p.name:<20} {p.provider.value:<8} {p.access_key_id:<26} {where:<34} "
            f"{signing + sts:<10} {source}"
        )
    if store.session_only:
        # A command is a session of its own: "session only" would promise what it cannot keep.
        print(
            "no OS keyring is available: the secrets of profiles marked 'no keyring' are not kept "
            "anywhere (install and unlock GNOME Keyring or KWallet, then add them again)"
        )
    else:
        print(f"secrets are kept in: {store.backend_name}")
    return 0


async def _add(store: CredentialStore, args: argparse.Namespace) -> int:
    from snapview.core.credentials import Profile, Provider, SignatureVersion

    provider = Provider(args.provider)
    huawei = provider is Provider.HUAWEI
    if huawei and args.signature:
        raise UsageError(
            "--signature is for Alibaba Cloud; Huawei Cloud signs with SDK-HMAC-SHA256"
        )
    if not huawei and args.project_id:
        raise UsageError("--project-id is for --provider huawei")
    profile = Profile(
        name=args.name,
        provider=provider,
        region=(args.region or "").strip(),
        endpoint=args.endpoint,
        access_key_id=args.access_key_id,
        signature_version=SignatureVersion(args.signature or "v3"),
        uses_security_token=args.sts,
        project_id=args.project_id or "",
    )
    # Check the typed fields before asking for the secret.
    is_new = store.find_profile(profile.name.strip()) is None
    store.validate(profile, "placeholder", is_new=is_new)
    if store.session_only:
        raise UsageError(
            "no OS keyring is available, so the secret could not be kept after this command exits. "
            "Install and unlock GNOME Keyring or KWallet (or use the desktop app, which keeps it for "
            "the session), then try again."
        )
    secret = read_secret("Secret key (SK): " if huawei else "AccessKey secret: ")
    token_prompt = "Security token: " if huawei else "STS security token: "
    token = read_secret(token_prompt) if args.sts else None
    await store.save_profile(profile, secret, token)
    print(f"saved profile {profile.name.strip()}; its secret is in {store.backend_name}")
    return 0


async def _test(store: CredentialStore, name: str) -> int:
    from snapview.services.credentials import check_connection

    profile, creds = await store.credentials(name)
    result = await check_connection(profile, creds)
    print(result.message.english(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1
