"""The one error of the credential store, and how a keyring backend's own failures map onto it.

Keyring back-ends raise whatever their transport raises (D-Bus errors, ``KeyringLocked``, a bare
``RuntimeError``); the user needs to know which of a few things happened, because each has a
different fix: locked (unlock it), timed out (answer the unlock prompt), unavailable (install or
start a keyring), a missing secret (enter it again), a read-only or unknown profile, or a form that
is not filled in correctly (maestral's ``keyring.py`` does the same; CRAFT practice 3).
"""

from __future__ import annotations

from enum import StrEnum

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import redact


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


class CredentialError(UserFacingError):
    """The one error of the credential store; ``message`` (= ``user_message``) is what the user reads."""

    def __init__(self, kind: CredentialErrorKind, message: Message) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def credential_error(kind: CredentialErrorKind, template: str, **params: object) -> CredentialError:
    return CredentialError(kind, Message("Keyring", template, params))


def classify_keyring_failure(
    exc: BaseException, backend_name: str, timeout: float
) -> CredentialError:
    """Map whatever a keyring backend raised to a CredentialError with an actionable message."""
    if isinstance(exc, CredentialError):
        return exc
    if isinstance(exc, TimeoutError):
        return credential_error(
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
        return credential_error(
            CredentialErrorKind.LOCKED,
            QT_TRANSLATE_NOOP(
                "Keyring",
                "The keyring ({backend}) is locked. Unlock it (it usually unlocks when you log in, "
                "or open “Passwords and Keys” / KWallet Manager), then press Retry.",
            ),
            backend=backend_name,
        )
    return credential_error(
        CredentialErrorKind.UNAVAILABLE,
        QT_TRANSLATE_NOOP(
            "Keyring",
            "The keyring ({backend}) cannot be used: {detail}. Make sure GNOME Keyring or KWallet "
            "is installed and running in your desktop session, then press Retry.",
        ),
        backend=backend_name,
        detail=redact(str(exc) or type(exc).__name__),
    )
