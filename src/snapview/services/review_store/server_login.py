"""The shared store's password: checked against the server, kept in the OS keyring under the
login's name (user, server, database), never anywhere else.

``snapview review login`` (and later the GUI's password dialog) calls :func:`check_login` with what
the user typed — one real connection, bounded by the connection timeout and an asyncio timeout,
off the event loop's thread — and stores it only if the server accepted it. The keyring is the
credentials package's :class:`~snapview.services.credentials.backend.KeyringAccess`, with its
timeout and daemon-thread rules.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from snapview.core.review.server import ServerLocation
from snapview.services.credentials.backend import KeyringAccess

CHECK_TIMEOUT_S = 15.0


async def check_login(server: ServerLocation, password: str, *, queue: str = "") -> None:
    """Connect once with ``password``; a ``ReviewStoreError`` says why it failed (refused
    login, unreachable server, missing database…)."""
    from snapview.services.review_store.postgres_connection import classify, connect

    loop = asyncio.get_running_loop()
    done: asyncio.Future[BaseException | None] = loop.create_future()

    def attempt() -> None:
        outcome: BaseException | None = None
        try:
            connect(server, password).close()
        except BaseException as exc:
            outcome = exc

        def deliver() -> None:
            if not done.done():
                done.set_result(outcome)

        try:
            loop.call_soon_threadsafe(deliver)
        except RuntimeError:
            pass  # nobody waits any more

    # A daemon thread: a connection attempt stuck on a dead network never holds up the exit.
    threading.Thread(target=attempt, name="review-login-check", daemon=True).start()
    try:
        failure = await asyncio.wait_for(done, CHECK_TIMEOUT_S)
    except TimeoutError as exc:
        failure = exc
    if failure is not None:
        raise classify(failure, server, queue) from None


async def store_password(keyring: KeyringAccess, server: ServerLocation, password: str) -> None:
    await keyring.set(server.keyring_user, password)


async def forget_password(keyring: KeyringAccess, server: ServerLocation) -> None:
    await keyring.delete(server.keyring_user)


async def stored_password(keyring: Any, server: ServerLocation) -> str | None:
    result: str | None = await keyring.get(server.keyring_user)
    return result
