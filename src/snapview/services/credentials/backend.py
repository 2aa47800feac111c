"""The OS keyring behind a timeout: which backend there is (found once), what the user calls it, and
every call on a daemon thread under ``asyncio.wait_for``.

Secret Service can block forever on a stuck daemon or an unanswered unlock prompt and must never
freeze the GUI (CRAFT practice 1). Keyring's ``fail``/``null`` backends mean there is no secure
store: secrets are then kept in memory for this session only, never in a file (practice 2). Every
failure comes out as a :class:`CredentialError` (practice 3).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from snapview.core.i18n import QT_TRANSLATE_NOOP
from snapview.core.redaction import redact
from snapview.services.credentials.errors import CredentialError, classify_keyring_failure

log = logging.getLogger(__name__)
T = TypeVar("T")

KEYRING_SERVICE = "snapview"
SESSION_ONLY_NAME = QT_TRANSLATE_NOOP("Keyring", "session only (no keyring)")


def backend_display_name(backend: Any) -> str:
    """The name a user knows the keyring ``backend`` by (English; proper nouns are not translated)."""
    if backend is None or is_session_only_backend(backend):
        return SESSION_ONLY_NAME
    module = type(backend).__module__
    names = {
        "keyring.backends.SecretService": "GNOME Keyring (Secret Service)",
        "keyring.backends.libsecret": "GNOME Keyring (libsecret)",
        "keyring.backends.kwallet": "KWallet",
        "keyring.backends.macOS": "macOS Keychain",
        "keyring.backends.Windows": "Windows Credential Locker",
    }
    if module == "keyring.backends.chainer":
        inner = list(getattr(backend, "backends", []))
        return backend_display_name(inner[0]) if inner else SESSION_ONLY_NAME
    if module in names:
        return names[module]
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def is_session_only_backend(backend: Any) -> bool:
    """True for keyring's ``fail`` and ``null`` backends and a chainer that chains nothing."""
    module = type(backend).__module__
    if module in ("keyring.backends.fail", "keyring.backends.null"):
        return True
    if module == "keyring.backends.chainer":
        return not list(getattr(backend, "backends", []))
    return False


def secret_user(name: str, provider: str = "aliyun") -> str:
    """The keyring username of profile ``name``'s secret (Alibaba AccessKey secret, Huawei SK).
    The provider leads, so a keyring manager shows which cloud an entry belongs to."""
    return f"{provider}:{name}:secret"


def token_user(name: str, provider: str = "aliyun") -> str:
    """The keyring username of profile ``name``'s security token (Alibaba STS, Huawei temporary)."""
    return f"{provider}:{name}:security-token"


class KeyringAccess:
    """Passwords under :data:`KEYRING_SERVICE`, in the OS keyring or (without one) in memory.

    ``backend`` is a keyring backend object (keyring's own ``KeyringBackend`` classes, duck-typed:
    keyring publishes no type stubs); ``None`` means "find it on first use".
    """

    def __init__(self, *, timeout: float = 5.0, backend: Any = None) -> None:
        self.timeout = timeout
        self._backend = backend
        self._detected = backend is not None
        self._session: dict[str, str] = {}  # keyring username -> secret, when session_only
        self._detect_lock = threading.Lock()

    # -- which backend -----------------------------------------------------------------------------

    def detect_backend(self) -> Any:
        """Find the keyring backend once (may touch D-Bus: call off the GUI thread, see ``probe``)."""
        if self._detected:
            return self._backend
        with self._detect_lock:
            if not self._detected:
                try:
                    import keyring

                    backend = keyring.get_keyring()
                except Exception as exc:  # a broken keyring config must not stop the app
                    log.warning("no keyring backend: %s", redact(str(exc)))
                    backend = None
                if not self._detected:  # unless probe() gave up waiting meanwhile
                    self._backend, self._detected = backend, True
                    log.info("keyring backend: %s", backend_display_name(backend))
        return self._backend

    async def probe(self) -> None:
        """Detect the backend off the GUI thread; a backend that hangs counts as no keyring."""
        if self._detected:
            return
        try:
            await self._in_thread(self.detect_backend)
        except CredentialError as exc:
            log.warning("keyring detection failed: %s", exc.message.english())
            # No lock here: the hung detection thread may hold it forever.
            self._backend, self._detected = None, True

    @property
    def detected(self) -> bool:
        return self._detected

    @property
    def session_only(self) -> bool:
        return is_session_only_backend(self.detect_backend()) or self._backend is None

    @property
    def backend_name(self) -> str:
        return backend_display_name(self.detect_backend())

    def session_holds(self, user: str) -> bool:
        """Whether this process holds ``user``'s secret in memory (no keyring call: session-only
        mode keeps secrets in a dict, which starts empty at every start)."""
        return user in self._session

    # -- passwords (off the GUI thread, with a timeout) ----------------------------------------------

    async def get(self, user: str) -> str | None:
        await self.probe()
        if self.session_only:
            return self._session.get(user)
        backend = self._backend
        result: str | None = await self._keyring_call(backend.get_password, KEYRING_SERVICE, user)
        return result

    async def set(self, user: str, value: str) -> None:
        await self.probe()
        if self.session_only:
            self._session[user] = value
            return
        backend = self._backend
        await self._keyring_call(backend.set_password, KEYRING_SERVICE, user, value)

    async def delete(self, user: str) -> None:
        await self.probe()
        if self.session_only:
            self._session.pop(user, None)
            return
        backend = self._backend

        def delete() -> None:
            from keyring.errors import PasswordDeleteError

            try:
                backend.delete_password(KEYRING_SERVICE, user)
            except PasswordDeleteError:
                pass  # nothing stored under that name: already gone

        await self._keyring_call(delete)

    async def _keyring_call(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return await self._in_thread(fn, *args)
        except CredentialError:
            raise
        except Exception as exc:
            error = classify_keyring_failure(exc, self.backend_name, self.timeout)
            log.warning("keyring %s failed: %s", error.kind, redact(f"{type(exc).__name__}: {exc}"))
            raise error from None

    async def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` on a daemon thread: a hung D-Bus call can then never block the app's exit."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def deliver(ok: bool, value: Any) -> None:
            if future.done():
                return
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

        def target() -> None:
            try:
                result: Any = fn(*args)
                ok = True
            except BaseException as exc:
                result, ok = exc, False
            try:
                loop.call_soon_threadsafe(deliver, ok, result)
            except RuntimeError:
                pass  # the loop closed while the keyring was hanging; nobody waits any more

        threading.Thread(target=target, name="snapview-keyring", daemon=True).start()
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise classify_keyring_failure(
                TimeoutError(), backend_display_name(self._backend), self.timeout
            ) from None
