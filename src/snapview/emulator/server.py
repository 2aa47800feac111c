"""The emulator's HTTP server (aiohttp on loopback): routes, and running it in a thread or in the foreground.

``start_emulator_thread(config)`` runs a server on its own event loop in a background thread and returns a
:class:`RunningEmulator` (tests, and the app when it wants one in-process); ``serve(config, on_ready)`` runs
one in the calling thread until cancelled (``snapview emulator``, which is what
:func:`snapview.emulator.process.start_emulator_process` spawns).

Routes: ``/`` the Alibaba VOD RPC gateway (GET/POST ListSnapshots, SearchMedia, GetVideoInfos,
GetCategories); ``/cdn/<video>/<job>/<file>`` snapshot
images, sprite sheets and WebVTT behind type-A tokens; ``/huawei/events/<asset>?envelope=bare|smn|mfs``,
``/huawei/events.jsonl``, ``/huawei/smn/confirmation`` and ``/huawei/smn/SMN-test-cert.pem`` for Huawei VOD
events; ``/v1.0/{project_id}/asset/…`` and ``/v1/{project_id}/asset/…`` the Huawei VOD API
(:mod:`snapview.emulator.huawei_api`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from types import TracebackType
from typing import Any

from aiohttp import web

from snapview.emulator import alibaba_api, cdn, huawei_api, huawei_events, library_api
from snapview.emulator.catalog import Catalog
from snapview.emulator.catalog_file import load_catalog
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.state import STATE_KEY, EmulatorState

__all__ = [
    "EmulatorConfig",
    "EmulatorStartError",
    "RunningEmulator",
    "build_app",
    "serve",
    "start_emulator_thread",
]

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
SHUTDOWN_GRACE_S = 1.0  # how long stop() lets a request in flight finish


class EmulatorStartError(RuntimeError):
    """The emulator could not start (port taken, bad catalogue…); the message says why."""


async def _date_from_emulator_clock(request: web.Request, response: web.StreamResponse) -> None:
    # The HTTP Date header tells a client how far its clock is from the server's (SPEC A.5); it must
    # follow the emulator's clock, which tests move with advance_clock().
    state = request.app[STATE_KEY]
    response.headers["Date"] = format_datetime(
        datetime.fromtimestamp(state.now(), UTC), usegmt=True
    )


def build_app(state: EmulatorState) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[STATE_KEY] = state
    app[alibaba_api.ACTIONS_KEY] = {**alibaba_api.ACTIONS, **library_api.ACTIONS}
    app[library_api.SEARCHES_KEY] = library_api.Searches()
    if state.config.date_follows_clock:
        app.on_response_prepare.append(_date_from_emulator_clock)
    app.router.add_route("GET", "/", alibaba_api.handle_gateway)
    app.router.add_route("POST", "/", alibaba_api.handle_gateway)
    app.router.add_get("/cdn/{owner}/{job}/{file}", cdn.handle_cdn)
    app.router.add_get("/huawei/events/{asset}", huawei_events.handle_event)
    app.router.add_get("/huawei/events.jsonl", huawei_events.handle_events_jsonl)
    app.router.add_get("/huawei/smn/confirmation", huawei_events.handle_confirmation)
    app.router.add_get(huawei_events.CERT_PATH, huawei_events.handle_certificate)
    huawei_api.install(app, state)
    return app


def _catalog(config: EmulatorConfig) -> Catalog:
    if config.catalog is not None:
        return config.catalog
    try:
        return load_catalog(config.catalog_path)
    except ValueError as exc:
        raise EmulatorStartError(str(exc)) from None


async def _start_site(state: EmulatorState) -> tuple[web.AppRunner, str]:
    # A stopped emulator is a VOD API that went away: a request in flight (a planted delay can be
    # 30 s long) is cut after a moment, not waited on for aiohttp's 60 s, which outlasted stop()'s
    # join and left the server running behind the test that stopped it.
    runner = web.AppRunner(
        build_app(state),
        access_log=None,
        handle_signals=False,
        shutdown_timeout=SHUTDOWN_GRACE_S,
    )
    await runner.setup()
    site = web.TCPSite(runner, state.config.host, state.config.port, reuse_address=True)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise EmulatorStartError(
            f"cannot listen on {state.config.host}:{state.config.port}: {exc.strerror or exc}"
        ) from None
    host, port = runner.addresses[0][:2]
    shown = f"[{host}]" if ":" in host else host
    return runner, f"http://{shown}:{port}"


async def serve(config: EmulatorConfig, on_ready: Callable[[str], Awaitable[None] | None]) -> None:
    """Serve until this coroutine is cancelled; ``on_ready(base_url)`` runs once the port is open."""
    state = EmulatorState(config, _catalog(config))
    runner, base_url = await _start_site(state)
    try:
        log.info("emulator listening on %s", base_url)
        result = on_ready(base_url)
        if result is not None:
            await result
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        state.close()


class RunningEmulator:
    """An emulator serving from a background thread; ``stop()`` shuts it down and joins the thread."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.state = EmulatorState(config, _catalog(config))
        self.base_url = ""
        self._loop = _TransportKeepingLoop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="snapview-emulator", daemon=True)

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    @property
    def stats(self) -> Counter[str]:
        """Request counters by kind (list_snapshots, images, images_304, throttled, faults, 403s, 404s…);
        a copy, in which a kind that never happened reads as 0."""
        return self.state.stats()

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward (expire URL tokens, age timestamps) without waiting."""
        self.state.advance_clock(seconds)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
        finally:
            _finish_leftover_tasks(self._loop)
            _close_leftover_transports(self._loop)
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()
            self.state.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        runner, self.base_url = await _start_site(self.state)
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()

    def start(self) -> RunningEmulator:
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT_S):
            raise EmulatorStartError(f"the emulator did not start within {START_TIMEOUT_S:.0f} s")
        if self._error is not None:
            self._thread.join(START_TIMEOUT_S)
            if isinstance(self._error, EmulatorStartError):
                raise self._error
            raise EmulatorStartError(
                f"the emulator failed to start: {self._error}"
            ) from self._error
        return self

    def stop(self) -> None:
        if self._thread.is_alive() and self._stop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:
                pass  # the loop closed between the check and the call
        if self._thread.ident is not None:
            self._thread.join(START_TIMEOUT_S)

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<RunningEmulator {self.base_url or 'not started'}>"


def _finish_leftover_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Let the connections accepted just before the shutdown become transports (the loop accepts
    in one turn and wraps each socket in a task of the next; cancelled before it ran, that task
    would drop the socket unwrapped and open), then cancel and wait out what is left: the request
    handlers the shutdown cut but the loop never ran again, as ``asyncio.run`` does (closing the
    loop under them logged "Task was destroyed but it is pending!")."""
    for _ in range(3):
        loop.run_until_complete(asyncio.sleep(0))
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


class _TransportKeepingLoop(asyncio.SelectorEventLoop):
    """The emulator thread's loop, keeping every connection it accepted until the socket closes.

    A connection that a stopped server never finished closing held its socket open; once nothing
    referenced it (the loop keeps its transports only weakly, and aiohttp let go of some it had
    paused), it died in a later garbage collection with a ResourceWarning blamed on whichever test
    ran then (CI failed on it, and so did test_grid_gaps' teardown). Kept here, each is aborted when
    the emulator stops."""

    PRUNE_AT = 64  # closed transports are dropped from the set once it is this large

    def __init__(self) -> None:
        super().__init__()
        self.accepted: set[asyncio.Transport] = set()

    def _make_socket_transport(self, *args: Any, **kwargs: Any) -> asyncio.Transport:
        transport: asyncio.Transport = super()._make_socket_transport(*args, **kwargs)  # type: ignore[misc]
        if len(self.accepted) >= self.PRUNE_AT:
            self.accepted = {t for t in self.accepted if _holds_open_socket(t)}
        self.accepted.add(transport)
        return transport


def _close_leftover_transports(loop: _TransportKeepingLoop) -> None:
    """Abort the connections the server's shutdown did not finish closing: one closed while bytes
    were still queued for a reader that no longer reads stays open (``close()`` waits for them to
    flush), and closing the loop only forgets it. Abort drops the queued bytes; on a connection
    already lost it does nothing."""
    for _ in range(5):  # a close callback can still let a late connection in; rarely twice
        still_open = [t for t in loop.accepted if _holds_open_socket(t)]
        if not still_open:
            break
        for transport in still_open:
            transport.abort()
        loop.run_until_complete(asyncio.sleep(0))  # the transports' close callbacks run
    loop.accepted.clear()


def _holds_open_socket(transport: asyncio.BaseTransport) -> bool:
    sock = transport.get_extra_info("socket")
    return sock is not None and sock.fileno() != -1


def start_emulator_thread(config: EmulatorConfig | None = None) -> RunningEmulator:
    """Start an emulator in a background thread and return once it accepts connections."""
    return RunningEmulator(config or EmulatorConfig()).start()
