"""Who works on what in a team: *claims* ("Li Wei has this video open for review") and
*assignments* ("a lead gave this video to Li Wei").

A claim is advisory — a badge in the library so work is not done twice, never a lock: anyone may
still open and decide. Each open review of a video holds one claim, identified by the ``holder``
(a random id of the store instance that made it), with an expiry: the holder refreshes it while
the video is open and deletes it on close; a crashed app's claim simply runs out. Expiry times
come from the store's clock (the server's, for a shared store), so a desktop whose clock is off
neither hides nor keeps alive other people's claims.

An assignment is one assignee per video, replaced by a newer assignment and removed by clearing
it; the "assigned to me" filter is a query by assignee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import MAX_REVIEWER, InvalidDecisionError
from snapview.core.review.keys import VideoKey

CLAIM_TTL = timedelta(seconds=90)  # a claim not refreshed for this long has run out
CLAIM_REFRESH = timedelta(seconds=30)  # how often an open review refreshes its claims


@dataclass(frozen=True, slots=True)
class Claim:
    video: VideoKey
    reviewer: str
    holder: str  # the store instance (one open app or CLI) that holds it
    claimed_at: datetime
    expires_at: datetime

    def live(self, now: datetime) -> bool:
        return self.expires_at > now


@dataclass(frozen=True, slots=True)
class Assignment:
    video: VideoKey
    assignee: str
    assigned_by: str
    assigned_at: datetime


def check_person(name: str) -> str:
    """A reviewer or assignee name as stored: stripped, 1 to MAX_REVIEWER characters."""
    text = name.strip()
    if not text or len(text) > MAX_REVIEWER or any(ord(c) < 32 for c in text):
        raise InvalidDecisionError(
            Message(
                "ReviewDecision",
                QT_TRANSLATE_NOOP(
                    "ReviewDecision",
                    "The reviewer name must be 1 to {limit} characters without control characters.",
                ),
                {"limit": MAX_REVIEWER},
            )
        )
    return text
