"""Credential profiles and their secrets: the non-secret fields in the settings file, the AccessKey
secret and STS token only in the OS keyring (or, without one, only in memory for this session), plus
the read-only profiles that are never stored: the environment's and the in-memory ones (the
``--demo`` emulator account).

Saving writes the keyring before the settings file, so a keyring failure leaves the old profile
untouched; renaming moves the secrets to the new name. Listeners hear about every change to the
list of profiles (the profile combo, the VOD client pool).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from enum import StrEnum
from typing import Any

from snapview.core.credentials import (
    AliyunCredentials,
    InvalidProfile,
    Profile,
    Provider,
    SignatureVersion,
    validate_profile,
)
from snapview.core.i18n import QT_TRANSLATE_NOOP
from snapview.core.redaction import register_secret
from snapview.services.credentials.backend import KeyringAccess, secret_user, token_user
from snapview.services.credentials.environment import (
    ENVIRONMENT_PROFILE,
    environment_credentials,
    environment_profile,
)
from snapview.services.credentials.errors import (
    CredentialError,
    CredentialErrorKind,
    credential_error,
)
from snapview.services.settings import Settings

log = logging.getLogger(__name__)

SETTINGS_KEY = "profiles"
LAST_PROFILE_KEY = "last_profile"
_STORED_FIELDS = (
    "name",
    "provider",
    "region",
    "endpoint",
    "access_key_id",
    "signature_version",
    "uses_security_token",
)


class CredentialStore:
    """Profiles (settings file) plus their secrets (keyring, or memory when there is no keyring).

    ``keyring_backend`` replaces the OS keyring (tests pass small in-memory back-ends).
    """

    def __init__(
        self, settings: Settings, *, timeout: float = 5.0, keyring_backend: Any = None
    ) -> None:
        self.settings = settings
        self.keyring = KeyringAccess(timeout=timeout, backend=keyring_backend)
        self._memory: dict[str, tuple[Profile, AliyunCredentials]] = {}
        self._listeners: list[Callable[[], None]] = []

    # -- the keyring -------------------------------------------------------------------------------

    def detect_backend(self) -> Any:
        """Find the keyring backend once (may touch D-Bus: call off the GUI thread, see ``probe``)."""
        return self.keyring.detect_backend()

    async def probe(self) -> None:
        """Detect the backend off the GUI thread; a backend that hangs counts as no keyring."""
        await self.keyring.probe()

    @property
    def detected(self) -> bool:
        return self.keyring.detected

    @property
    def session_only(self) -> bool:
        return self.keyring.session_only

    @property
    def backend_name(self) -> str:
        return self.keyring.backend_name

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

    def profiles_now(self) -> list[Profile]:
        """Every profile (stored, environment, in-memory demo) without touching the keyring."""
        result = self.stored_profiles()
        env = environment_profile()
        if env is not None:
            result.append(env)
        result.extend(profile for profile, _ in self._memory.values())
        return result

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
        try:
            return validate_profile(
                profile,
                secret,
                is_new=is_new,
                reserved_names=(ENVIRONMENT_PROFILE, *self._memory),
            )
        except InvalidProfile as exc:
            raise CredentialError(CredentialErrorKind.INVALID, exc.user_message) from None

    async def save_profile(
        self,
        profile: Profile,
        secret: str | None,
        security_token: str | None,
        *,
        previous_name: str | None = None,
    ) -> None:
        """Store ``profile``; ``secret``/``security_token`` None keeps what the keyring holds.

        ``previous_name`` renames: the secrets move to the new name.
        """
        old_name = previous_name or profile.name
        existing = {p.name: p for p in self.stored_profiles()}
        is_new = old_name not in existing
        if previous_name is None and profile.name.strip() in (ENVIRONMENT_PROFILE, *self._memory):
            raise self._read_only(profile.name)
        profile = self.validate(profile, secret, is_new=is_new)
        if profile.name != old_name and profile.name in existing:
            raise credential_error(
                CredentialErrorKind.INVALID,
                QT_TRANSLATE_NOOP("Keyring", "A profile named “{name}” already exists."),
                name=profile.name,
            )
        secret = (secret or "").strip() or None
        token = (security_token or "").strip() or None
        renamed = profile.name != old_name
        keyring = self.keyring
        if renamed and not is_new:
            if secret is None:
                secret = await keyring.get(secret_user(old_name))
            if token is None and profile.uses_security_token:
                token = await keyring.get(token_user(old_name))
        if secret is not None:
            register_secret(secret)
            await keyring.set(secret_user(profile.name), secret)
        if token is not None and profile.uses_security_token:
            register_secret(token)
            await keyring.set(token_user(profile.name), token)
        if not profile.uses_security_token:
            await keyring.delete(token_user(profile.name))
        if renamed and not is_new:
            await keyring.delete(secret_user(old_name))
            await keyring.delete(token_user(old_name))
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
                raise self._read_only(name)
            raise self._no_such(name)
        await self.keyring.delete(secret_user(name))
        await self.keyring.delete(token_user(name))
        self._write([p for p in existing.values() if p.name != name])
        if self.settings.get(LAST_PROFILE_KEY) == name:
            self.settings.remove(LAST_PROFILE_KEY)
        log.info("deleted profile %s", name)
        self._changed()

    async def credentials(self, name: str) -> tuple[Profile, AliyunCredentials]:
        """The profile and its secrets; CredentialError when the keyring cannot give them."""
        if name in self._memory:
            return self._memory[name]
        if name == ENVIRONMENT_PROFILE:
            env, creds = environment_profile(), environment_credentials()
            if env is not None and creds is not None:
                return env, creds
        profile = next((p for p in self.stored_profiles() if p.name == name), None)
        if profile is None:
            raise self._no_such(name)
        secret = await self.keyring.get(secret_user(name))
        token = await self.keyring.get(token_user(name)) if profile.uses_security_token else None
        if not secret or (profile.uses_security_token and not token):
            raise self._missing_secret(name, secret_missing=not secret)
        register_secret(secret)
        register_secret(token)
        return profile, AliyunCredentials(profile.access_key_id, secret, token)

    # -- errors and the settings file --------------------------------------------------------------

    def _missing_secret(self, name: str, *, secret_missing: bool) -> CredentialError:
        if self.session_only:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "Without a keyring the secrets of profile “{name}” are kept only while snapview "
                "runs. Enter them again in Profiles.",
            )
        elif secret_missing:
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
        return credential_error(
            CredentialErrorKind.MISSING_SECRET, template, name=name, backend=self.backend_name
        )

    @staticmethod
    def _read_only(name: str) -> CredentialError:
        return credential_error(
            CredentialErrorKind.READ_ONLY,
            QT_TRANSLATE_NOOP("Keyring", "The profile “{name}” is read-only."),
            name=name,
        )

    @staticmethod
    def _no_such(name: str) -> CredentialError:
        return credential_error(
            CredentialErrorKind.NO_SUCH_PROFILE,
            QT_TRANSLATE_NOOP("Keyring", "There is no profile named “{name}”."),
            name=name,
        )

    def _write(self, profiles: list[Profile]) -> None:
        records = []
        for profile in sorted(profiles, key=lambda p: p.name.casefold()):
            data = asdict(profile)
            records.append(
                {
                    key: (str(data[key]) if isinstance(data[key], StrEnum) else data[key])
                    for key in _STORED_FIELDS
                }
            )
        self.settings.set(SETTINGS_KEY, records)


async def load_profile_credentials(
    name: str, settings: Settings | None = None, *, keyring_timeout: float = 5.0
) -> tuple[Profile, AliyunCredentials]:
    """The profile ``name`` and its secrets, for command-line tools (``snapview ls --profile``)."""
    store = CredentialStore(settings or Settings(), timeout=keyring_timeout)
    await store.probe()
    return await store.credentials(name)
