"""What a review decision is attached to: an account, a video, a snapshot set and an index.

A snapshot's identity must survive URL re-signing (snapshot URLs carry a token and expire) and must
not depend on which machine or store holds it, so a key is made only of stable names:

- :class:`AccountRef` — provider (``aliyun``/``huawei``), region, and a non-secret account label (the
  profile name). Never a key ID, secret or token: a label that looks like an AccessKey ID is refused.
- :class:`VideoKey` — an account plus the Alibaba VideoId or Huawei asset ID.
- :class:`SnapshotKey` — a video plus the snapshot type (``NormalSnapshot``…, or the Huawei kind
  ``sample``/``dots``/``quantity``) and the 1-based index.

The snapshot *job* a decision was made on is not part of the key but recorded with each decision
(see ``decisions.py``): when a new job replaces the pictures, the old decisions show as stale.
:meth:`SnapshotKey.item_id` is a deterministic digest of the key, identical in every store and every
backend, so merging two stores (import, push to a shared server) needs no id mapping.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from snapview.core.credentials import Provider
from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.snapshots import HuaweiSnapshotKind, SnapshotType

_CONTEXT = "ReviewKey"
PROVIDERS = tuple(p.value for p in Provider)
SNAPSHOT_TYPES: dict[str, tuple[str, ...]] = {
    "aliyun": tuple(t.value for t in SnapshotType),
    "huawei": tuple(k.value for k in HuaweiSnapshotKind),
}
MAX_LABEL = 100
MAX_ID = 128
# AccessKey IDs (Alibaba long-term "LTAI…", STS "STS.…", Huawei's 20 upper-case characters): a
# label like that is a credential pasted in the wrong field, and a key must never hold one.
_CREDENTIAL_LIKE = re.compile(r"^(LTAI[0-9A-Za-z]{8,}|STS\.[0-9A-Za-z]{8,}|[0-9A-Z]{20})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ITEM_ID_VERSION = "k1"


class InvalidKeyError(UserFacingError):
    """A key part that cannot identify a snapshot (empty, too long, unknown type, secret-looking)."""

    def __init__(self, field: str, message: Message) -> None:
        self.field = field
        super().__init__(message)


def _invalid(field: str, template: str, **params: object) -> InvalidKeyError:
    return InvalidKeyError(field, Message(_CONTEXT, template, {"field": field, **params}))


def _check_text(field: str, value: str, limit: int, *, spaces: bool) -> None:
    if not value:
        raise _invalid(field, QT_TRANSLATE_NOOP("ReviewKey", "The {field} is empty."))
    if len(value) > limit:
        raise _invalid(
            field,
            QT_TRANSLATE_NOOP("ReviewKey", "The {field} is longer than {limit} characters."),
            limit=limit,
        )
    if _CONTROL.search(value) or (not spaces and any(c.isspace() for c in value)):
        raise _invalid(
            field,
            QT_TRANSLATE_NOOP(
                "ReviewKey", "The {field} “{value}” contains spaces or control characters."
            ),
            value=value,
        )


@dataclass(frozen=True, slots=True, order=True)
class AccountRef:
    """Which cloud account: provider, region and the profile's name (never a credential)."""

    provider: str
    region: str
    label: str

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise _invalid(
                "provider",
                QT_TRANSLATE_NOOP("ReviewKey", "Unknown provider “{value}”; use aliyun or huawei."),
                value=self.provider,
            )
        _check_text("region", self.region, MAX_ID, spaces=False)
        _check_text("account label", self.label, MAX_LABEL, spaces=True)
        if _CREDENTIAL_LIKE.match(self.label.strip()):
            raise _invalid(
                "account label",
                QT_TRANSLATE_NOOP(
                    "ReviewKey",
                    "The account label looks like an AccessKey ID; name the account instead "
                    "(review keys never hold credentials).",
                ),
            )

    def display(self) -> str:
        return f"{self.label} ({self.provider} {self.region})"


@dataclass(frozen=True, slots=True, order=True)
class VideoKey:
    """One video (Alibaba VideoId) or asset (Huawei asset_id) of one account."""

    account: AccountRef
    video_id: str

    def __post_init__(self) -> None:
        _check_text("video ID", self.video_id, MAX_ID, spaces=False)


@dataclass(frozen=True, slots=True, order=True)
class SnapshotKey:
    """One snapshot slot: a video's snapshot type and 1-based index (whatever job filled it)."""

    video: VideoKey
    snapshot_type: str
    index: int

    def __post_init__(self) -> None:
        known = SNAPSHOT_TYPES[self.video.account.provider]
        if self.snapshot_type not in known:
            raise _invalid(
                "snapshot type",
                QT_TRANSLATE_NOOP(
                    "ReviewKey",
                    "Unknown snapshot type “{value}” for {provider}; use one of: {known}.",
                ),
                value=self.snapshot_type,
                provider=self.video.account.provider,
                known=", ".join(known),
            )
        if type(self.index) is not int or self.index < 1:  # bool is an int too
            raise _invalid(
                "index",
                QT_TRANSLATE_NOOP(
                    "ReviewKey", "Snapshot index {value} is not a whole number from 1."
                ),
                value=self.index,
            )

    def item_id(self) -> str:
        """A digest of the key, the same in every store (32 hex characters)."""
        return item_id(
            self.video.account.provider,
            self.video.account.region,
            self.video.account.label,
            self.video.video_id,
            self.snapshot_type,
            self.index,
        )


def item_id(
    provider: str, region: str, label: str, video_id: str, snapshot_type: str, index: int
) -> str:
    """The stable id of a snapshot key (documented in docs/review.md; never change it: ids in every
    store and export depend on it). Parts are joined with the unit separator, which no part holds."""
    parts = (_ITEM_ID_VERSION, provider, region, label, video_id, snapshot_type, str(index))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def video_ref_id(video: VideoKey) -> str:
    """The stable id of a video key (per-video verdicts and snapshot sets are stored under it)."""
    account = video.account
    parts = ("v1", account.provider, account.region, account.label, video.video_id)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
