"""Credential profiles and their secrets: the non-secret fields in the settings file, the secret
(Alibaba AccessKey secret, Huawei SK) and the security token only in the OS keyring (or, without
one, only in memory for this session), plus the read-only profiles that are never stored: the
environment's and the in-memory ones (the ``--demo`` emulator accounts).

Both providers' profiles are kept the same way; keyring entries are named by provider and profile
(``huawei:NAME:secret``). Saving writes the keyring before the settings file, so a keyring failure
leaves the old profile untouched; renaming, or changing a profile's provider, moves the entries to
their new names (a new provider needs its own secret). Listeners hear about every change to the
list of profiles (the profile combo, the VOD client pool).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from enum import StrEnum
from typing import Any

from snapview.core.credentials import (
    CloudCredentials,
    InvalidProfile,
    Profile,
    Provider,
    SignatureVersion,
    default_region,
    make_credentials,
    validate_profile,
)
from snapview.core.i18n import QT_TRANSLATE_NOOP
from snapview.core.redaction import register_secret
from snapview.services.credentials.backend import KeyringAccess, secret_user, token_user
from snapview.services.credentials.environment import (
    ENVIRONMENT_PROFILES,
    environment_profile_credentials,
    environment_profiles,
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
    "project_id",
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
        self._memory: dict[str, tuple[Profile, CloudCredentials]] = {}
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
                provider = Provider(item.get("provider", "aliyun"))
                profiles.append(
                    Profile(
                        name=str(item["name"]),
                        provider=provider,
                        region=str(item.get("region") or default_region(provider)),
                        endpoint=item.get("endpoint") or None,
                        access_key_id=str(item.get("access_key_id", "")),
                        signature_version=SignatureVersion(item.get("signature_version", "v3")),
                        uses_security_token=bool(item.get("uses_security_token", False)),
                        project_id=str(item.get("project_id") or ""),
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
        result.extend(environment_profiles())
        result.extend(profile for profile, _ in self._memory.values())
        return result

    def find_profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles_now() if p.name == name), None)

    def add_memory_profile(self, profile: Profile, credentials: CloudCredentials) -> None:
        """A profile that lives in this process only (the --demo emulator accounts); never stored."""
        profile = replace(profile, read_only=True, stored=False)
        register_secret(credentials.secret)
        register_secret(credentials.security_token)
        self._memory[profile.name] = (profile, credentials)
        self._changed()

    def secret_kept(self, profile: Profile) -> bool | None:
        """Without a keyring: whether this session still holds the profile's secret (False after a
        restart: session secrets die with the process). With a keyring: None, as only a keyring call
        (off the GUI thread) could tell."""
        if not profile.stored or not self.session_only:
            return None
        return self.keyring.session_holds(secret_user(profile.name, profile.provider.value))

    def validate(self, profile: Profile, secret: str | None, *, is_new: bool) -> Profile:
        """The profile with its fields trimmed, or a CredentialError(INVALID) saying what is wrong."""
        try:
            return validate_profile(
                profile,
                secret,
                is_new=is_new,
                reserved_names=(*ENVIRONMENT_PROFILES, *self._memory),
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

        ``previous_name`` renames: the secrets move to the new name. A profile whose provider
        changed needs a new secret (the old one belongs to the other cloud).
        """
        old_name = previous_name or profile.name
        existing = {p.name: p for p in self.stored_profiles()}
        old = existing.get(old_name)
        is_new = old is None
        if previous_name is None and profile.name.strip() in (*ENVIRONMENT_PROFILES, *self._memory):
            raise self._read_only(profile.name)
        provider_changed = old is not None and old.provider != profile.provider
        profile = self.validate(profile, secret, is_new=is_new or provider_changed)
        if profile.name != old_name and profile.name in existing:
            raise credential_error(
                CredentialErrorKind.INVALID,
                QT_TRANSLATE_NOOP("Keyring", "A profile named “{name}” already exists."),
                name=profile.name,
            )
        secret = (secret or "").strip() or None
        token = (security_token or "").strip() or None
        if secret is None and old is not None and self.secret_kept(old) is False:
            # No keyring and a new session: "leave empty to keep" would keep nothing, and the
            # "Saved. The secret is kept…" that follows would not be true.
            raise self._missing_secret(profile, secret_missing=True)
        provider = profile.provider.value
        # Where the entries were: a rename or a new provider moves them to new names.
        old_provider = old.provider.value if old is not None else provider
        moved = old is not None and (profile.name != old_name or provider_changed)
        keyring = self.keyring
        if moved:
            if secret is None:
                secret = await keyring.get(secret_user(old_name, old_provider))
            if token is None and profile.uses_security_token and not provider_changed:
                token = await keyring.get(token_user(old_name, old_provider))
        if secret is not None:
            register_secret(secret)
            await keyring.set(secret_user(profile.name, provider), secret)
        if token is not None and profile.uses_security_token:
            register_secret(token)
            await keyring.set(token_user(profile.name, provider), token)
        if not profile.uses_security_token:
            await keyring.delete(token_user(profile.name, provider))
        if moved:
            await keyring.delete(secret_user(old_name, old_provider))
            await keyring.delete(token_user(old_name, old_provider))
        records = [p for p in existing.values() if p.name not in (old_name, profile.name)]
        records.append(profile)
        self._write(records)
        log.info(
            "saved %s profile %s (%s)",
            provider,
            profile.name,
            "session only" if self.session_only else "keyring",
        )
        self._changed()

    async def delete_profile(self, name: str) -> None:
        existing = {p.name: p for p in self.stored_profiles()}
        profile = existing.get(name)
        if profile is None:
            if name in ENVIRONMENT_PROFILES or name in self._memory:
                raise self._read_only(name)
            raise self._no_such(name)
        provider = profile.provider.value
        await self.keyring.delete(secret_user(name, provider))
        await self.keyring.delete(token_user(name, provider))
        self._write([p for p in existing.values() if p.name != name])
        if self.settings.get(LAST_PROFILE_KEY) == name:
            self.settings.remove(LAST_PROFILE_KEY)
        log.info("deleted profile %s", name)
        self._changed()

    async def credentials(self, name: str) -> tuple[Profile, CloudCredentials]:
        """The profile and its secrets (the credentials of its provider); CredentialError when the
        keyring cannot give them."""
        if name in self._memory:
            return self._memory[name]
        if name in ENVIRONMENT_PROFILES:
            found = environment_profile_credentials(name)
            if found is not None:
                return found
        profile = next((p for p in self.stored_profiles() if p.name == name), None)
        if profile is None:
            raise self._no_such(name)
        provider = profile.provider.value
        secret = await self.keyring.get(secret_user(name, provider))
        token = (
            await self.keyring.get(token_user(name, provider))
            if profile.uses_security_token
            else None
        )
        if not secret or (profile.uses_security_token and not token):
            raise self._missing_secret(profile, secret_missing=not secret)
        register_secret(secret)
        register_secret(token)
        return profile, make_credentials(profile, secret, token)

    # -- errors and the settings file --------------------------------------------------------------

    def _missing_secret(self, profile: Profile, *, secret_missing: bool) -> CredentialError:
        huawei = profile.provider is Provider.HUAWEI
        if self.session_only:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "Without a keyring the secrets of profile “{name}” are kept only while snapview "
                "runs. Enter them again in Profiles.",
            )
        elif secret_missing and huawei:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "The secret key (SK) of profile “{name}” is not in the keyring ({backend}). "
                "Enter it again in Profiles and save.",
            )
        elif secret_missing:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "The AccessKey secret of profile “{name}” is not in the keyring ({backend}). "
                "Enter it again in Profiles and save.",
            )
        elif huawei:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "The security token of profile “{name}” is not in the keyring ({backend}). "
                "Enter it again in Profiles and save.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "Keyring",
                "The STS security token of profile “{name}” is not in the keyring ({backend}). "
                "Enter it again in Profiles and save.",
            )
        return credential_error(
            CredentialErrorKind.MISSING_SECRET,
            template,
            name=profile.name,
            backend=self.backend_name,
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
) -> tuple[Profile, CloudCredentials]:
    """The profile ``name`` and its secrets, for command-line tools (``snapview ls --profile``)."""
    store = CredentialStore(settings or Settings(), timeout=keyring_timeout)
    await store.probe()
    return await store.credentials(name)
