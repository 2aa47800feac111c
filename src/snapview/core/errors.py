"""The one base of every error a user may read, and how to turn any exception into a sentence.

Every error snapview raises on purpose carries a :class:`~snapview.core.i18n.Message` — a sentence
that says what happened and what to do, translatable by the UI — as ``user_message``. The UI shows
``tr_message(err.user_message)``, the CLI prints ``err.user_message.english()``; neither needs to know
which subsystem raised it. ``str(err)`` stays the technical one-liner for logs.

    UserFacingError                    (core.errors)
     ├── VodError                      the VOD APIs: every code, network and gateway failure
     ├── CredentialError               the keyring and profile validation
     ├── CertFetchError                SMN signing certificates
     ├── ImageFetchError               one thumbnail: HTTP, sniffing, decoding, limits
     ├── WebVttError, SpriteConfigError   frame geometry
     └── JsonSyntaxError               event files and pasted JSON (with line:col)

A subclass either passes its ``Message`` to ``__init__`` or overrides the ``user_message`` property
(``VodError`` builds its sentence from the error class).
"""

from __future__ import annotations

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message


class UserFacingError(Exception):
    """An error with a sentence for the user; ``str()`` is that sentence in English.

    Subclasses that build their sentence from their own fields call ``super().__init__()`` with no
    message and override :attr:`user_message` (and ``__str__`` for a technical log line)."""

    def __init__(self, message: Message | None = None) -> None:
        self._user_message = message
        super().__init__(message.english() if message is not None else "")

    @property
    def user_message(self) -> Message:
        if self._user_message is None:
            raise NotImplementedError(f"{type(self).__name__} must override user_message")
        return self._user_message


def describe(error: BaseException) -> Message:
    """The sentence for any exception: its own for a :class:`UserFacingError`, else its type and text."""
    if isinstance(error, UserFacingError):
        return error.user_message
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return Message(
        "Errors", QT_TRANSLATE_NOOP("Errors", "Unexpected error: {error}"), {"error": text}
    )
