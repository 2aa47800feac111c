"""``snapview review login`` / ``logout``: the shared store's password, in the OS keyring.

``login --db postgresql://USER@HOST:PORT/DB`` reads the password from a hidden prompt (or one line
of stdin when that is not a terminal), checks it with a real connection, and stores it only if the
server accepted it. The password is never an argument, never in the URL, never printed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from snapview.commands.review.store_access import FailedError, UsageError, store_location

if TYPE_CHECKING:
    from snapview.core.review.server import ServerLocation
    from snapview.services.credentials.backend import KeyringAccess


def _server(args: argparse.Namespace) -> ServerLocation:
    from snapview.core.review.server import ServerUrlError, is_server_url, parse_server_url
    from snapview.services.review_store.reviewer import os_user

    location = store_location(args)
    if not location or not is_server_url(location):
        raise UsageError(
            "login is for a shared review store: give --db postgresql://USER@HOST:PORT/DATABASE "
            "(or set it with snapview review store URL)"
        )
    try:
        return parse_server_url(location, default_user=os_user())
    except ServerUrlError as exc:
        raise UsageError(exc.user_message.english()) from None


async def _keyring() -> KeyringAccess:
    from snapview.services.credentials.backend import KeyringAccess

    keyring = KeyringAccess()
    await keyring.probe()
    if keyring.session_only:
        raise UsageError(
            "no OS keyring is available, so the password could not be kept after this command "
            "exits. Install and unlock GNOME Keyring or KWallet, then try again."
        )
    return keyring


async def login(args: argparse.Namespace) -> int:
    from snapview.commands.credentials import read_secret
    from snapview.services.credentials import CredentialError
    from snapview.services.review_store.interface import ReviewStoreError
    from snapview.services.review_store.server_login import check_login, store_password

    server = _server(args)
    keyring = await _keyring()
    password = read_secret(f"Password for {server.user}@{server.host}:{server.port}: ")
    try:
        await check_login(server, password)
    except ReviewStoreError as exc:
        raise FailedError(f"{exc.user_message.english()} The password was not stored.") from None
    try:
        await store_password(keyring, server, password)
    except CredentialError as exc:
        raise FailedError(exc.user_message.english()) from None
    print(f"logged in to {server.display}; the password is in {keyring.backend_name}")
    return 0


async def logout(args: argparse.Namespace) -> int:
    from snapview.services.credentials import CredentialError
    from snapview.services.review_store.server_login import forget_password

    server = _server(args)
    keyring = await _keyring()
    try:
        await forget_password(keyring, server)
    except CredentialError as exc:
        raise FailedError(exc.user_message.english()) from None
    print(f"the password for {server.display} is no longer stored")
    return 0
