"""What the emulator knows: its videos, snapshot jobs, planted defects, access keys and Huawei assets.

A :class:`Catalog` is plain data, built by :func:`default_catalog` or read from a JSON file by
``catalog_file.load_catalog`` (format in ``docs/emulator.md``). The module-level constants name the
demo credentials and the ids of the default videos so the app's ``--demo`` mode, the tests and the
docs all point at the same things. Every secret here is a public demo value that only this emulator
accepts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from snapview.core.snapshots import SnapshotType

if TYPE_CHECKING:
    from snapview.emulator.library_catalog import LibraryCatalog

# Demo AccessKey pair (a RAM user with vod:ListSnapshots). Public on purpose: only the emulator knows it.
DEMO_ACCESS_KEY_ID = "LTAI5tSnapviewDemoKey01"
DEMO_ACCESS_KEY_SECRET = "snapviewDemoSecret0123456789abcd"
# An STS trio: temporary key id, secret and the security token that must travel with them.
DEMO_STS_ACCESS_KEY_ID = "STS.NSnapviewDemoTemporaryKey1"
DEMO_STS_SECRET = "snapviewStsSecret9876543210zyxwvu"
DEMO_STS_TOKEN = (
    "CAISsnapviewDemoSecurityToken+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"
    "snapview+demo+token+only+valid+against+the+local+emulator=="
)
# A key that exists but lacks vod:ListSnapshots (answers Forbidden.RAM with AccessDeniedDetail).
DEMO_NO_PERMISSION_ACCESS_KEY_ID = "LTAI5tSnapviewNoVodPerm"
DEMO_NO_PERMISSION_ACCESS_KEY_SECRET = "snapviewNoPermSecret0123456789ab"
# The CDN type-A private key the emulator signs snapshot URLs with (the client never needs it).
DEMO_CDN_PRIVATE_KEY = "snapviewDemoCdnPrivateKey"
# Key of the HMAC the MFS (direct callback) wrapper carries in its auth_sign header.
DEMO_MFS_KEY = "snapviewDemoMfsKey"

SHORT_VIDEO_ID = "159da4db5f6b575c484d3cb72ae440cf"
LONG_VIDEO_ID = "0d8f8b10bd5f216d0b0e07fb46fc1be1"
SPRITE_VIDEO_ID = "a35b1106dc45f1d2b9d1768a6463cd05"
PROCESSING_VIDEO_ID = "e0506167159bb3409cfbdd5e2bf04cbc"
DEFECTS_VIDEO_ID = "902a023c6286bad2f8962f203727f898"
EXPIRING_VIDEO_ID = "f5c9e11c5fc5b27eceec88db8536ed41"
REPLACED_JOB_VIDEO_ID = "c02fc9c750e7612a26e8fca22342696e"
# The same timelapse at two lengths (same scene, same first pages): a grid opens both as fast.
THOUSAND_VIDEO_ID = "5e1f0c3a9b7d4e2f8a6c1b0d3e5f7a9c"
HUGE_VIDEO_ID = "9a4c2e7f1b3d5a6c8e0f2b4d6a8c0e1f"

HUAWEI_ASSET_ID_OK = "d7a3f567cdd7b99f55c08d2ea85e18f7"
HUAWEI_ASSET_ID_FAILED = "1b7d2e3f5c36287cd93fb1d2e0bdb11d"

SNAPSHOT_TYPES = tuple(t.value for t in SnapshotType)

# What a key may call unless its catalogue entry says otherwise: snapshots and the video library.
DEFAULT_PERMISSIONS = (
    "vod:ListSnapshots",
    "vod:SearchMedia",
    "vod:GetVideoInfos",
    "vod:GetCategories",
)

# Statuses for which ListSnapshots answers; anything else is Forbidden.IllegalStatus (SPEC A.5).
LISTABLE_STATUSES = frozenset({"UploadSucc", "Normal", "Checking", "Blocked"})


class CatalogError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class SpriteConfig:
    """SpriteSnapshotConfig of a job: cell size, spacing and how many cells a sheet holds."""

    cell_width: int = 160
    cell_height: int = 90
    padding: int = 4
    margin: int = 6
    color: str = "#101010"
    columns: int = 10
    lines: int = 3

    @property
    def cells_per_sheet(self) -> int:
        return self.columns * self.lines

    @property
    def sheet_size(self) -> tuple[int, int]:
        width = 2 * self.margin + self.columns * self.cell_width + (self.columns - 1) * self.padding
        height = 2 * self.margin + self.lines * self.cell_height + (self.lines - 1) * self.padding
        return width, height

    def cell_box(self, cell: int) -> tuple[int, int, int, int]:
        """(x, y, w, h) of the 0-based ``cell`` within its sheet (row-major, SPEC A.2)."""
        slot = cell % self.cells_per_sheet
        row, col = divmod(slot, self.columns)
        x = self.margin + col * (self.cell_width + self.padding)
        y = self.margin + row * (self.cell_height + self.padding)
        return x, y, self.cell_width, self.cell_height


@dataclass(frozen=True)
class Job:
    """One snapshot job: its id, when it ran and how many images of each kind it made."""

    job_id: str
    creation_time: str
    covers: int = 8
    normal: int = 0
    interval_s: float = 5.0
    sprite_cells: int = 0
    sprite: SpriteConfig = field(default_factory=SpriteConfig)
    keep_cells: bool = True
    # Frames of this job are drawn from this seed, so a replaced job looks different.
    scene_seed: int = 0

    def sprite_sheets(self) -> int:
        if self.sprite_cells <= 0:
            return 0
        return math.ceil(self.sprite_cells / self.sprite.cells_per_sheet)

    def total(self, snapshot_type: str) -> int:
        """How many entries ListSnapshots reports for ``snapshot_type`` (the whole job, SPEC A.1)."""
        if snapshot_type == "CoverSnapshot":
            return self.covers
        if snapshot_type == "NormalSnapshot":
            return self.normal
        if snapshot_type == "SpriteSnapshot":
            return self.sprite_sheets()
        if snapshot_type == "SpriteOriginSnapshot":
            return self.sprite_cells if self.keep_cells else 0
        if snapshot_type == "WebVttSnapshot":
            return 1 if self.sprite_cells > 0 else 0
        return 0


@dataclass(frozen=True)
class Defects:
    """Planted problems a QA reviewer (or ``snapview scan``) should catch, by 1-based NormalSnapshot
    index unless said otherwise. ``docs/emulator.md`` lists the default video's."""

    black: tuple[int, ...] = ()
    frozen: tuple[int, ...] = ()  # every index here shows the frame of the first one
    missing: tuple[int, ...] = ()  # the URL answers 404
    corrupt: tuple[int, ...] = ()  # a truncated, garbled JPEG
    html: tuple[int, ...] = ()  # 200 with an HTML error page instead of an image
    green: tuple[int, ...] = ()  # a flat decoder-failure green frame, RGB (0, 135, 0)
    grey: tuple[int, ...] = ()  # a flat mid-grey frame (missing reference frame)
    letterbox: tuple[int, ...] = ()  # the picture with equal black bars top and bottom (info)
    shifted: tuple[int, ...] = ()  # the picture pushed down under a black bar at the top only
    blurred: tuple[int, ...] = ()  # the frame out of focus (Gaussian blur)
    repeat: tuple[tuple[int, int], ...] = ()  # (index, source): index shows source's exact JPEG
    other_aspect: tuple[int, ...] = ()  # a 4:3 frame in a 16:9 set
    truncated: tuple[int, ...] = ()  # a JPEG cut off (no end-of-image marker), a complete response
    empty: tuple[int, ...] = ()  # 200 with a 0-byte body
    expired: tuple[int, ...] = ()  # ListSnapshots always hands out an already expired token
    forbidden: tuple[int, ...] = ()  # a link without a token to a private object: 403 AccessDenied
    too_large: tuple[int, ...] = ()  # a JPEG whose header claims 20000×20000 pixels
    unlisted_covers: tuple[int, ...] = ()  # CoverSnapshot: left out of the listing, Total counts it
    misaligned_sheets: tuple[int, ...] = ()  # SpriteSnapshot sheets rendered smaller than the grid

    def kind(self, index: int) -> str | None:
        for name in PLANTED_FRAME_KINDS:
            if index in getattr(self, name):
                return name
        if any(index == copy for copy, _ in self.repeat):
            return "repeat"
        return None

    def repeat_source(self, index: int) -> int | None:
        return next((source for copy, source in self.repeat if copy == index), None)


# Defects that decide what one NormalSnapshot URL serves (``repeat`` is a pair list on its own).
PLANTED_FRAME_KINDS = (
    "black",
    "frozen",
    "missing",
    "corrupt",
    "html",
    "green",
    "grey",
    "letterbox",
    "shifted",
    "blurred",
    "other_aspect",
    "truncated",
    "empty",
    "expired",
    "forbidden",
    "too_large",
)
_INDEX_LIST_DEFECTS = (*PLANTED_FRAME_KINDS, "unlisted_covers", "misaligned_sheets")


@dataclass(frozen=True)
class Video:
    video_id: str
    title: str
    status: str = "Normal"
    duration_s: float = 300.0
    width: int = 480
    height: int = 270
    jobs: tuple[Job, ...] = ()
    # After this many ListSnapshots calls the next job replaces the current one (0 = never).
    replace_after_calls: int = 0
    # Fixed URL validity in seconds that ignores AuthTimeout (the expiring video); None = AuthTimeout.
    url_validity_s: int | None = None
    defects: Defects = field(default_factory=Defects)
    note: str = ""
    # The first cover is broken: "missing" (404), "black" or "uniform" (a flat green frame).
    cover_defect: str = ""


@dataclass(frozen=True)
class AccessKey:
    access_key_id: str
    secret: str
    permissions: tuple[str, ...] = DEFAULT_PERMISSIONS
    security_token: str | None = None  # set for STS keys: the token must come with every call
    active: bool = True


@dataclass(frozen=True)
class HuaweiAsset:
    asset_id: str
    title: str
    status: str = "SUCCEED"
    duration_s: int = 120
    interval_s: int = 12
    dots: tuple[int, ...] = ()
    error_code: str = ""
    error_msg: str = ""


@dataclass(frozen=True)
class Catalog:
    videos: dict[str, Video]
    access_keys: dict[str, AccessKey]
    huawei_assets: dict[str, HuaweiAsset]
    cdn_private_key: str = DEMO_CDN_PRIVATE_KEY
    mfs_key: str = DEMO_MFS_KEY
    # What SearchMedia/GetVideoInfos/GetCategories know (emulator/library_catalog.py).
    library: LibraryCatalog | None = None

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary (``snapview emulator --print-catalog``): ids, totals, what is special."""
        videos = []
        generated = self.library.generated_ids if self.library is not None else frozenset()
        for video in self.videos.values():
            if video.video_id in generated:
                continue  # summarised under "Library"
            jobs = [
                {
                    "JobId": job.job_id,
                    "CreationTime": job.creation_time,
                    "Totals": {t: job.total(t) for t in SNAPSHOT_TYPES},
                }
                for job in video.jobs
            ]
            entry: dict[str, Any] = {
                "VideoId": video.video_id,
                "Title": video.title,
                "Status": video.status,
                "DurationSeconds": video.duration_s,
                "Jobs": jobs,
                "Special": video.note,
            }
            if video.url_validity_s is not None:
                entry["UrlValiditySeconds"] = video.url_validity_s
            if video.replace_after_calls:
                entry["JobReplacedAfterCalls"] = video.replace_after_calls
            defects = {k: list(v) for k, v in vars(video.defects).items() if v}
            if defects:
                entry["Defects"] = defects
            videos.append(entry)
        return {
            "Alibaba": {
                "Videos": videos,
                "AccessKeys": [
                    {
                        "AccessKeyId": key.access_key_id,
                        "Permissions": list(key.permissions),
                        "Sts": key.security_token is not None,
                        "Active": key.active,
                    }
                    for key in self.access_keys.values()
                ],
                **({"Library": self.library.describe()} if self.library is not None else {}),
            },
            "Huawei": {
                "Assets": [
                    {
                        "asset_id": asset.asset_id,
                        "title": asset.title,
                        "status": asset.status,
                        **(
                            {"error_code": asset.error_code, "error_msg": asset.error_msg}
                            if asset.status == "FAILED"
                            else {
                                "sample_count": len(range(0, asset.duration_s, asset.interval_s)),
                                "dots": list(asset.dots),
                            }
                        ),
                    }
                    for asset in self.huawei_assets.values()
                ]
            },
        }


def default_catalog() -> Catalog:
    """The built-in demo catalogue (what ``snapview --demo`` shows): the demo videos, keys and
    assets, and the generated media library beside them."""
    from snapview.emulator.library_catalog import with_library

    return with_library(demo_catalog())


def demo_catalog() -> Catalog:
    """The demo videos, keys and assets alone, without a library."""
    short = Video(
        video_id=SHORT_VIDEO_ID,
        title="Harbour at dusk (short)",
        duration_s=300,
        jobs=(
            Job(
                "72afecddf6c424b743e4d56cc832b567",
                "2026-11-20T08:15:30Z",
                covers=8,
                normal=60,
                interval_s=5,
                scene_seed=11,
            ),
        ),
        note="8 covers and 60 normal snapshots every 5 s: the everyday case.",
    )
    long = Video(
        video_id=LONG_VIDEO_ID,
        title="City timelapse (long)",
        duration_s=10_000,
        jobs=(
            Job(
                "224c0bb882e33ba14aaa2ac6d6f89803",
                "2026-11-19T22:01:07Z",
                covers=8,
                normal=10_000,
                interval_s=1,
                scene_seed=23,
            ),
        ),
        note="10,000 normal snapshots (one per second): 100 pages at PageSize 100.",
    )
    # Index 100,000 is six digits wide (normal100000.jpg): the CDN serves every image it lists.
    thousand, huge = (
        Video(
            video_id=video_id,
            title=f"Day timelapse ({count:,} snapshots)",
            duration_s=count,
            jobs=(
                Job(
                    job_id,
                    "2026-11-19T06:00:00Z",
                    covers=8,
                    normal=count,
                    interval_s=1,
                    scene_seed=29,
                ),
            ),
            note=f"{count:,} normal snapshots (one per second): {count // 100:,} pages at PageSize 100.",
        )
        for video_id, job_id, count in (
            (THOUSAND_VIDEO_ID, "3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b", 1_000),
            (HUGE_VIDEO_ID, "7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a", 100_000),
        )
    )
    sprite = Video(
        video_id=SPRITE_VIDEO_ID,
        title="Mountain road (sprites)",
        duration_s=250,
        jobs=(
            Job(
                "c052b3501a7851e5e27e7199c0dc2930",
                "2026-11-21T10:42:11Z",
                covers=8,
                normal=50,
                interval_s=5,
                sprite_cells=50,
                sprite=SpriteConfig(),
                scene_seed=37,
            ),
        ),
        note="50 cells in 10x3 sprite sheets (sheets of 30 and 20), their origin cells, and a WebVTT file.",
    )
    processing = Video(
        video_id=PROCESSING_VIDEO_ID,
        title="Still transcoding",
        status="Transcoding",
        jobs=(Job("7b919530ada996cece54b4ae0e37977f", "2026-11-23T07:00:00Z", covers=0, normal=0),),
        note="Status Transcoding: ListSnapshots answers Forbidden.IllegalStatus (400).",
    )
    defects = Video(
        video_id=DEFECTS_VIDEO_ID,
        title="Planted defects",
        duration_s=360,
        jobs=(
            Job(
                "01422590462b197cc6819fa8db62c2f2",
                "2026-11-22T14:30:00Z",
                covers=8,
                normal=72,
                interval_s=5,
                sprite_cells=40,
                scene_seed=41,
            ),
        ),
        defects=Defects(
            black=(5, 6),
            frozen=(12, 13, 14, 15, 16),
            missing=(21,),
            corrupt=(27,),
            html=(33,),
            green=(50,),
            grey=(52,),
            letterbox=(54,),
            shifted=(56,),
            blurred=(58,),
            repeat=((60, 40),),
            other_aspect=(62,),
            truncated=(64,),
            unlisted_covers=(6,),
            empty=(68,),
            expired=(70,),
            forbidden=(71,),
            too_large=(72,),
            misaligned_sheets=(2,),
        ),
        note=(
            "Every defect snapview scan reports: black 5-6, frozen run 12-16, 21 missing (404), "
            "27 corrupt JPEG, 33 an HTML error page, 50 green, 52 grey, 54 letterboxed, 56 shifted "
            "under a top bar, 58 blurred, 60 repeats 40, 62 in 4:3, 64 truncated, 68 empty, "
            "70 expired link, 71 forbidden, 72 too large; cover 6 left out of the listing (Total "
            "still 8); sprite sheet 2 smaller than its grid."
        ),
    )
    expiring = Video(
        video_id=EXPIRING_VIDEO_ID,
        title="Short-lived URLs",
        duration_s=200,
        url_validity_s=45,
        jobs=(
            Job(
                "37e31ef0506e2f6b3473af78bca7c07d",
                "2026-11-22T09:12:45Z",
                covers=8,
                normal=40,
                interval_s=5,
                scene_seed=53,
            ),
        ),
        note="URLs valid for 45 s whatever AuthTimeout says: a client must call ListSnapshots again.",
    )
    replaced = Video(
        video_id=REPLACED_JOB_VIDEO_ID,
        title="Re-snapshotted",
        duration_s=180,
        replace_after_calls=2,
        jobs=(
            Job(
                "38133a39c3da32cb2bfcc4d345751cdf",
                "2026-11-18T16:20:00Z",
                covers=8,
                normal=45,
                interval_s=4,
                scene_seed=61,
            ),
            Job(
                "cba54a96f982f113ad25b72356ee2ef1",
                "2026-11-23T09:05:12Z",
                covers=8,
                normal=36,
                interval_s=5,
                scene_seed=67,
            ),
        ),
        note="A new snapshot job replaces the old one after 2 ListSnapshots calls (JobId, CreationTime, Total change).",
    )
    videos = {
        v.video_id: v
        for v in (short, long, thousand, huge, sprite, processing, defects, expiring, replaced)
    }
    keys = {
        k.access_key_id: k
        for k in (
            AccessKey(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
            AccessKey(DEMO_STS_ACCESS_KEY_ID, DEMO_STS_SECRET, security_token=DEMO_STS_TOKEN),
            AccessKey(
                DEMO_NO_PERMISSION_ACCESS_KEY_ID,
                DEMO_NO_PERMISSION_ACCESS_KEY_SECRET,
                permissions=(),
            ),
        )
    }
    assets = {
        a.asset_id: a
        for a in (
            HuaweiAsset(
                HUAWEI_ASSET_ID_OK,
                "Product launch keynote",
                duration_s=120,
                interval_s=12,
                dots=(5, 17, 42, 90),
            ),
            HuaweiAsset(
                HUAWEI_ASSET_ID_FAILED,
                "Broken upload",
                status="FAILED",
                error_code="VOD.10053",
                error_msg="The media file is damaged and cannot be snapshotted.",
            ),
        )
    }
    return Catalog(videos=videos, access_keys=keys, huawei_assets=assets)
