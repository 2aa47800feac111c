"""Credential profiles and their secrets: non-secret fields in the settings file, the AccessKey secret
and STS token only in the OS keyring (or, without one, only in memory for this session).

Every keyring call runs on a daemon worker thread under ``asyncio.wait_for``, because Secret Service
can block forever on a stuck daemon or an unanswered unlock prompt and must never freeze the GUI
(CRAFT practice 1). Keyring's ``fail`` backend is detected once, and the store then keeps secrets
in memory only (practice 2). All keyring failures surface as one :class:`CredentialError` whose
``kind`` tells locked, timed out, unavailable and missing apart, each with its own message
(practice 3).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from snapview.core.credentials import AliyunCredentials, Profile, Provider, SignatureVersion
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import redact, register_secret
from snapview.services.settings import Settings

log = logging.getLogger("snapview.credentials")
T = TypeVar("T")

KEYRING_SERVICE = "snapview"
SETTINGS_KEY = "profiles"
ENVIRONMENT_PROFILE = "environment"
ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
ENV_REGION = "ALIBABA_CLOUD_REGION_ID"

# SPEC A.4: the regions with a public vod.<region>.aliyuncs.com endpoint.
ALIYUN_REGIONS = (
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-southeast-1",
    "ap-southeast-5",
    "ap-south-1",
    "eu-central-1",
    "us-west-1",
    "me-central-1",
)
MAX_NAME_LENGTH = 64
# A VideoId no real library holds: "not found" means the signed call itself was accepted.
CONNECTION_TEST_VIDEO_ID = "00000000snapviewconnectiontest0"
SESSION_ONLY_NAME = QT_TRANSLATE_NOOP("Keyring", "session only (no keyring)")


class CredentialErrorKind(StrEnum):
    LOCKED = "locked"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"
    MISSING_SECRET = "missing-secret"
    NO_SUCH_PROFILE = "no-such-profile"
    READ_ONLY = "read-only"
    INVALID = "invalid"  # a profile the user typed is incomplete or malformed

    # Retrying later can help with these; the others need the user to change something.
    @property
    def retryable(self) -> bool:
        return self in (CredentialErrorKind.LOCKED, CredentialErrorKind.TIMEOUT)


class CredentialError(Exception):
    """The one error of the credential store; ``message`` is what the user should read."""

    def __init__(self, kind: CredentialErrorKind, message: Message) -> None:
        super().__init__(message.english())
        self.kind = kind
        self.message = message


def _error(kind: CredentialErrorKind, template: str, **params: object) -> CredentialError:
    return CredentialError(kind, Message("Keyring", template, params))


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


def _classify(exc: BaseException, backend_name: str, timeout: float) -> CredentialError:
    """Map whatever a keyring backend raised to a CredentialError with an actionable message."""
    if isinstance(exc, CredentialError):
        return exc
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return _error(
            CredentialErrorKind.TIMEOUT,
            QT_TRANSLATE_NOOP(
                "Keyring",
                "The keyring ({backend}) did not answer within {seconds} seconds. It may be waiting "
                "for you to unlock it in another window, or its service is stuck. Check for an unlock "
                "prompt, then press Retry.",
            ),
            backend=backend_name,
            seconds=f"{timeout:g}",
        )
    text = f"{type(exc).__name__}: {exc}"
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"KeyringLocked", "LockedException"} or "is locked" in text.lower():
        return _error(
            CredentialErrorKind.LOCKED,
            QT_TRANSLATE_NOOP(
                "Keyring",
                "The keyring ({backend}) is locked. Unlock it (it usually unlocks when you log in, "
                "or open “Passwords and Keys” / KWallet Manager), then press Retry.",
            ),
            backend=backend_name,
        )
    return _error(
        CredentialErrorKind.UNAVAILABLE,
        QT_TRANSLATE_NOOP(
            "Keyring",
            "The keyring ({backend}) cannot be used: {detail}. Make sure GNOME Keyring or KWallet "
            "is installed and running in your desktop session, then press Retry.",
        ),
        backend=backend_name,
        detail=redact(str(exc) or type(exc).__name__),
    )


def _secret_user(name: str) -> str:
    return f"aliyun:{name}:secret"


def _token_user(name: str) -> str:
    return f"aliyun:{name}:security-token"


@dataclass(frozen=True, slots=True)
class ConnectionResult:
    """Outcome of "Test connection": ``ok`` and a user-facing message (classified on failure)."""

    ok: bool
    message: Message
    error_class: str | None = None


class CredentialStore:
    """Profiles (settings file) plus their secrets (keyring, or memory when there is no keyring)."""

    def __init__(
        self, settings: Settings, *, timeout: float = 5.0, keyring_backend: Any = None
    ) -> None:
        self.settings = settings
        self.timeout = timeout
        self._backend = keyring_backend
        self._detected = keyring_backend is not None
        self._session: dict[str, str] = {}  # keyring username -> secret, when session_only
        self._memory: dict[str, tuple[Profile, AliyunCredentials]] = {}
        self._listeners: list[Callable[[], None]] = []
        self._detect_lock = threading.Lock()

    # -- backend -----------------------------------------------------------------------------------

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

    # -- change notification -----------------------------------------------------------------------

    def add_listener(self, callback: Callable[[], None]) -> None:
        """``callback()`` runs after every change to the list of profiles."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback()

    # -- profiles ----------------------------------------------------------------------------------

    def stored_profiles(self) -> list[Profile]:
        """The profiles in the settings file (cheap, no keyring access)."""
        raw = self.settings.get(SETTINGS_KEY, [])
        profiles: list[Profile] = []
        for item in raw if isinstance(raw, list) else []:
            try:
                profiles.append(
                    Profile(
                        name=str(item["name"]),
                        provider=Provider(item.get("provider", "aliyun")),
                        region=str(item.get("region") or "cn-shanghai"),
                        endpoint=item.get("endpoint") or None,
                        access_key_id=str(item.get("access_key_id", "")),
                        signature_version=SignatureVersion(item.get("signature_version", "v3")),
                        uses_security_token=bool(item.get("uses_security_token", False)),
                    )
                )
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                log.warning(
                    "ignoring a malformed profile in the settings file: %s", type(exc).__name__
                )
        return profiles

    def environment_profile(self) -> Profile | None:
        key_id = os.environ.get(ENV_KEY_ID, "").strip()
        if not key_id or not os.environ.get(ENV_SECRET, "").strip():
            return None
        return Profile(
            name=ENVIRONMENT_PROFILE,
            region=os.environ.get(ENV_REGION, "").strip() or "cn-shanghai",
            access_key_id=key_id,
            uses_security_token=bool(os.environ.get(ENV_TOKEN, "").strip()),
            read_only=True,
            stored=False,
        )

    def profiles_now(self) -> list[Profile]:
        """Every profile (stored, environment, in-memory demo) without touching the keyring."""
        result = self.stored_profiles()
        env = self.environment_profile()
        if env is not None:
            result.append(env)
        result.extend(profile for profile, _ in self._memory.values())
        return result

    async def list_profiles(self) -> list[Profile]:
        return self.profiles_now()

    def find_profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles_now() if p.name == name), None)

    def add_memory_profile(self, profile: Profile, credentials: AliyunCredentials) -> None:
        """A profile that lives in this process only (the --demo emulator account); never stored."""
        profile = replace(profile, read_only=True, stored=False)
        register_secret(credentials.access_key_secret)
        register_secret(credentials.security_token)
        self._memory[profile.name] = (profile, credentials)
        self._changed()

    def validate(self, profile: Profile, secret: str | None, *, is_new: bool) -> Profile:
        """The profile with its fields trimmed, or a CredentialError(INVALID) saying what is wrong."""
        invalid = CredentialErrorKind.INVALID
        name = profile.name.strip()
        if not name:
            raise _error(invalid, QT_TRANSLATE_NOOP("Keyring", "Give the profile a name."))
        if len(name) > MAX_NAME_LENGTH or any(ch in name for ch in "\r\n\t"):
            raise _error(
                invalid,
                QT_TRANSLATE_NOOP(
                    "Keyring", "A profile name is one line of at most {max} characters."
                ),
                max=MAX_NAME_LENGTH,
            )
        if name == ENVIRONMENT_PROFILE or name in self._memory:
            raise _error(
                invalid,
                QT_TRANSLATE_NOOP("Keyring", "The name “{name}” is reserved; choose another one."),
                name=name,
            )
        if profile.provider != Provider.ALIYUN:
            raise _error(
                invalid, QT_TRANSLATE_NOOP("Keyring", "Huawei Cloud profiles are coming later.")
            )
        key_id = profile.access_key_id.strip()
        if not key_id or any(ch.isspace() for ch in key_id):
            raise _error(
                invalid,
                QT_TRANSLATE_NOOP(
                    "Keyring", "Enter the AccessKey ID (one word, for example LTAI5t…)."
                ),
            )
        endpoint = (profile.endpoint or "").strip() or None
        if endpoint is not None:
            parts = urlsplit(endpoint)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise _error(
                    invalid,
                    QT_TRANSLATE_NOOP(
                        "Keyring",
                        "The custom endpoint must be a URL such as https://vod.cn-shanghai.aliyuncs.com "
                        "or http://127.0.0.1:8600.",
                    ),
                )
        region = profile.region.strip()
        if not region and endpoint is None:
            raise _error(
                invalid, QT_TRANSLATE_NOOP("Keyring", "Choose a region or enter a custom endpoint.")
            )
        if is_new and not (secret or "").strip():
            raise _error(invalid, QT_TRANSLATE_NOOP("Keyring", "Enter the AccessKey secret."))
        return replace(
            profile,
            name=name,
            access_key_id=key_id,
            endpoint=endpoint,
            region=region or "cn-shanghai",
            read_only=False,
            stored=True,
        )

    async def save_profile(
        self,
        profile: Profile,
        secret: str | None,
        security_token: str | None,
        *,
        previous_name: str | None = None,
    ) -> None:
        """Store ``profile``; ``secret``/``security_token`` None keeps what the keyring holds.

        ``previous_name`` renames: the secrets move to the new name. The keyring is written before the
        settings file, so a keyring failure leaves the old profile untouched.
        """
        old_name = previous_name or profile.name
        existing = {p.name: p for p in self.stored_profiles()}
        is_new = old_name not in existing
        if previous_name is None and profile.name.strip() in (ENVIRONMENT_PROFILE, *self._memory):
            raise _error(
                CredentialErrorKind.READ_ONLY,
                QT_TRANSLATE_NOOP("Keyring", "The profile “{name}” is read-only."),
                name=profile.name,
            )
        profile = self.validate(profile, secret, is_new=is_new)
        if profile.name != old_name and profile.name in existing:
            raise _error(
                CredentialErrorKind.INVALID,
                QT_TRANSLATE_NOOP("Keyring", "A profile named “{name}” already exists."),
                name=profile.name,
            )
        secret = (secret or "").strip() or None
        token = (security_token or "").strip() or None
        renamed = profile.name != old_name
        if renamed and not is_new:
            if secret is None:
                secret = await self._get(_secret_user(old_name))
            if token is None and profile.uses_security_token:
                token = await self._get(_token_user(old_name))
        if secret is not None:
            register_secret(secret)
            await self._set(_secret_user(profile.name), secret)
        if token is not None and profile.uses_security_token:
            register_secret(token)
            await self._set(_token_user(profile.name), token)
        if not profile.uses_security_token:
            await self._delete(_token_user(profile.name))
        if renamed and not is_new:
            await self._delete(_secret_user(old_name))
            await self._delete(_token_user(old_name))
        records = [p for p in existing.values() if p.name not in (old_name, profile.name)]
        records.append(profile)
        self._write(records)
        log.info(
            "saved profile %s (%s)",
            profile.name,
            "session only" if self.session_only else "keyring",
        )
        self._changed()

    async def delete_profile(self, name: str) -> None:
        existing = {p.name: p for p in self.stored_profiles()}
        if name not in existing:
            if name == ENVIRONMENT_PROFILE or name in self._memory:
                raise _error(
                    CredentialErrorKind.READ_ONLY,
                    QT_TRANSLATE_NOOP("Keyring", "The profile “{name}” is read-only."),
                    name=name,
                )
            raise self._no_such(name)
        await self._delete(_secret_user(name))
        await self._delete(_token_user(name))
        self._write([p for p in existing.values() if p.name != name])
        if self.settings.get("last_profile") == name:
            self.settings.remove("last_profile")
        log.info("deleted profile %s", name)
        self._changed()

    async def credentials(self, name: str) -> tuple[Profile, AliyunCredentials]:
        """The profile and its secrets; CredentialError when the keyring cannot give them."""
        if name in self._memory:
            return self._memory[name]
        if name == ENVIRONMENT_PROFILE:
            env = self.environment_profile()
            if env is not None:
                creds = AliyunCredentials(
                    env.access_key_id, os.environ[ENV_SECRET], os.environ.get(ENV_TOKEN) or None
                )
                register_secret(creds.access_key_secret)
                register_secret(creds.security_token)
                return env, creds
        profile = next((p for p in self.stored_profiles() if p.name == name), None)
        if profile is None:
            raise self._no_such(name)
        secret = await self._get(_secret_user(name))
        token = await self._get(_token_user(name)) if profile.uses_security_token else None
        if not secret or (profile.uses_security_token and not token):
            if self.session_only:
                template = QT_TRANSLATE_NOOP(
                    "Keyring",
                    "Without a keyring the secrets of profile “{name}” are kept only while snapview "
                    "runs. Enter them again in Profiles.",
                )
            elif not secret:
                template = QT_TRANSLATE_NOOP(
                    "Keyring",
                    "The AccessKey secret of profile “{name}” is not in the keyring ({backend}). "
                    "Enter it again in Profiles and save.",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "Keyring",
                    "The STS security token of profile “{name}” is not in the keyring ({backend}). "
                    "Enter it again in Profiles and save.",
                )
            raise _error(
                CredentialErrorKind.MISSING_SECRET, template, name=name, backend=self.backend_name
            )
        register_secret(secret)
        register_secret(token)
        return profile, AliyunCredentials(profile.access_key_id, secret, token)

    async def has_secret(self, name: str) -> bool:
        return bool(await self._get(_secret_user(name)))

    def _no_such(self, name: str) -> CredentialError:
        return _error(
            CredentialErrorKind.NO_SUCH_PROFILE,
            QT_TRANSLATE_NOOP("Keyring", "There is no profile named “{name}”."),
            name=name,
        )

    def _write(self, profiles: list[Profile]) -> None:
        fields = (
            "name",
            "provider",
            "region",
            "endpoint",
            "access_key_id",
            "signature_version",
            "uses_security_token",
        )
        records = []
        for profile in sorted(profiles, key=lambda p: p.name.casefold()):
            data = asdict(profile)
            records.append(
                {
                    key: (str(data[key]) if isinstance(data[key], StrEnum) else data[key])
                    for key in fields
                }
            )
        self.settings.set(SETTINGS_KEY, records)

    # -- keyring access (off the GUI thread, with a timeout) ---------------------------------------

    async def _get(self, user: str) -> str | None:
        await self.probe()
        if self.session_only:
            return self._session.get(user)
        backend = self._backend
        return await self._keyring_call(backend.get_password, KEYRING_SERVICE, user)

    async def _set(self, user: str, value: str) -> None:
        await self.probe()
        if self.session_only:
            self._session[user] = value
            return
        backend = self._backend
        await self._keyring_call(backend.set_password, KEYRING_SERVICE, user, value)

    async def _delete(self, user: str) -> None:
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
            error = _classify(exc, self.backend_name, self.timeout)
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
            raise _classify(
                TimeoutError(), backend_display_name(self._backend), self.timeout
            ) from None


async def load_profile_credentials(
    name: str, settings: Settings | None = None, *, keyring_timeout: float = 5.0
) -> tuple[Profile, AliyunCredentials]:
    """The profile ``name`` and its secrets, for command-line tools (``snapview ls --profile``)."""
    store = CredentialStore(settings or Settings(), timeout=keyring_timeout)
    await store.probe()
    return await store.credentials(name)


async def check_connection(
    profile: Profile, credentials: AliyunCredentials, *, http: Any = None
) -> ConnectionResult:
    """A real signed ListSnapshots call for a VideoId that cannot exist.

    ``InvalidVideo.NotFound`` proves the key, the secret, the signature and the permission; any
    other error comes back classified (credentials, permission, clock, account, network). At most
    two attempts, so an unreachable endpoint answers within seconds, not after a long backoff.
    """
    from snapview.core.vod_errors import VodError
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

    client: VodClient | None = None
    try:
        client = VodClient(
            credentials,
            region=profile.region,
            endpoint=profile.endpoint,
            signature=profile.signature_version,
            http=http,
            retry=RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0),
        )
        await client.list_snapshots(CONNECTION_TEST_VIDEO_ID)
    except VodError as exc:
        if exc.code == "InvalidVideo.NotFound":
            return _connected(profile)
        log.info("connection test for %s failed: %s", profile.name, redact(str(exc)))
        return ConnectionResult(False, exc.user_message, str(exc.error_class))
    finally:
        if client is not None:
            await client.aclose()
    # The made-up video exists?! The service accepted the signed call, so the key works.
    return _connected(profile)


def _connected(profile: Profile) -> ConnectionResult:
    where = profile.endpoint or profile.region
    return ConnectionResult(
        True,
        Message(
            "Keyring",
            QT_TRANSLATE_NOOP(
                "Keyring", "Connected: the key is valid and may list snapshots in {where}."
            ),
            {"where": where},
        ),
    )
