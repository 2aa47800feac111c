"""Why a snapshot was rejected: the fixed list of reason codes a reviewer picks from.

The codes are stable English identifiers — they are what the store, the CSV/JSON exports and the
command line (``--reject black``) use, so they never change once shipped; a new reason is a new
code. The label of each code is translatable (``QT_TRANSLATE_NOOP`` in context ``ReviewReason``) and
is what the app and the reports show. The order of :data:`REASONS` is the order of the reason menu
and of the number keys in the triage step (1 = the first reason).
"""

from __future__ import annotations

from enum import StrEnum

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

_CONTEXT = "ReviewReason"


class Reason(StrEnum):
    """A reject reason. The value is the stable identifier (stored, exported, typed on the CLI)."""

    BLACK = "black"
    FROZEN = "frozen"
    WRONG_COVER = "wrong_cover"
    MISALIGNED_SPRITE = "misaligned_sprite"
    BROKEN_LINK = "broken_link"
    EXPIRED_LINK = "expired_link"
    CORRUPT = "corrupt"
    NOT_IMAGE = "not_image"
    BLURRED = "blurred"
    LETTERBOX = "letterbox"
    OTHER = "other"

    @property
    def label(self) -> Message:
        """The translatable name shown to people ("Black frame", "黑帧")."""
        return Message(_CONTEXT, _LABELS[self])


_LABELS: dict[Reason, str] = {
    Reason.BLACK: QT_TRANSLATE_NOOP("ReviewReason", "Black frame"),
    Reason.FROZEN: QT_TRANSLATE_NOOP("ReviewReason", "Frozen or duplicate"),
    Reason.WRONG_COVER: QT_TRANSLATE_NOOP("ReviewReason", "Wrong cover"),
    Reason.MISALIGNED_SPRITE: QT_TRANSLATE_NOOP("ReviewReason", "Misaligned sprite"),
    Reason.BROKEN_LINK: QT_TRANSLATE_NOOP("ReviewReason", "Broken link"),
    Reason.EXPIRED_LINK: QT_TRANSLATE_NOOP("ReviewReason", "Expired link"),
    Reason.CORRUPT: QT_TRANSLATE_NOOP("ReviewReason", "Corrupt image"),
    Reason.NOT_IMAGE: QT_TRANSLATE_NOOP("ReviewReason", "Not an image"),
    Reason.BLURRED: QT_TRANSLATE_NOOP("ReviewReason", "Blurred"),
    Reason.LETTERBOX: QT_TRANSLATE_NOOP("ReviewReason", "Letterbox or wrong aspect"),
    Reason.OTHER: QT_TRANSLATE_NOOP("ReviewReason", "Other"),
}

REASONS: tuple[Reason, ...] = tuple(Reason)


class UnknownReasonError(UserFacingError):
    """A reason code that is not one of :data:`REASONS` (a typo on the command line, a bad import row)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "ReviewReason", "Unknown reject reason “{reason}”; use one of: {known}."
                ),
                {"reason": text, "known": ", ".join(REASONS)},
            )
        )


def parse_reason(text: str) -> Reason:
    """The reason for its identifier; case, surrounding space and ``-`` for ``_`` are forgiven."""
    normalised = text.strip().lower().replace("-", "_")
    try:
        return Reason(normalised)
    except ValueError:
        raise UnknownReasonError(text) from None
