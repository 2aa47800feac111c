"""What the emulator's Huawei Cloud VOD API serves: demo AK/SK pairs, the media assets with their
snapshot tasks, and the category tree.

The assets are the event assets of the catalogue (``Catalog.huawei_assets``, which the
``thumbnailComplete`` events describe), a few built-in ones for the cases a client must handle — a
snapshot task still running (``THUMBNAILING``), none run yet (``UN_THUMBNAIL``), a failed one, 3,600
snapshots (more than ``ShowAssetDetail`` embeds, so the paged details API is needed), the planted
defects and the short-lived URLs of the Alibaba demo videos — and a generated library of
``GENERATED_ASSETS`` more, enough to page ``ListAssetList`` up to its ``(page+1)*size ≤ 20,000``
limit. Everything is a pure function of the catalogue, so tests can build the same library and know
what the server will answer. Every secret here is a public demo value only this emulator accepts.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from snapview.emulator.catalog import (
    HUAWEI_ASSET_ID_FAILED,
    HUAWEI_ASSET_ID_OK,
    Catalog,
    Defects,
    HuaweiAsset,
)

# Demo credentials: an IAM user with VOD read access in the demo project.
HUAWEI_DEMO_AK = "SNAPVIEWDEMOHWAK0001"
HUAWEI_DEMO_SK = "snapviewHuaweiDemoSecretKey0123456789abc"
HUAWEI_DEMO_PROJECT_ID = "0605767a3300d5762fb0c0186d9e1234"
# Temporary credentials: AK/SK that are only valid together with their security token.
HUAWEI_DEMO_TEMP_AK = "SNAPVIEWTEMPHWAK0002"
HUAWEI_DEMO_TEMP_SK = "snapviewHuaweiTemporarySecret9876543210z"
HUAWEI_DEMO_SECURITY_TOKEN = (
    "gQpjbi1ub3J0aC00snapviewDemoSecurityToken+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"
    "only+valid+against+the+local+emulator=="
)
# A key that signs correctly but whose IAM user may not call VOD (APIGW.0302).
HUAWEI_DEMO_NO_PERMISSION_AK = "SNAPVIEWNOPERMHWAK03"
HUAWEI_DEMO_NO_PERMISSION_SK = "snapviewHuaweiNoPermissionSecret01234567"

THUMBNAILING_ASSET_ID = "5e0ba5f4c1b2d3e4f5a6b7c8d9e0f1a2"
UN_THUMBNAIL_ASSET_ID = "6f1cb6a5d2c3e4f5a6b7c8d9e0f1a2b3"
LONG_ASSET_ID = "7a2dc7b6e3d4f5a6b7c8d9e0f1a2b3c4"
DEFECTS_ASSET_ID = "8b3ed8c7f4e5a6b7c8d9e0f1a2b3c4d5"
EXPIRING_ASSET_ID = "9c4fe9d8a5f6b7c8d9e0f1a2b3c4d5e6"

GENERATED_ASSETS = 20_480  # more than the 20,000 rows ListAssetList can reach
# How many snapshots of a list ShowAssetDetail embeds here. The API reference does not say whether it
# embeds all; the emulator embeds at most this many so that clients must use the paged details API.
DETAIL_LIST_CAP = 100

CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "id": 1,
        "name": "Product videos 产品视频",
        "children": (
            {"id": 11, "name": "Launches 发布会", "children": ()},
            {"id": 12, "name": "Tutorials 教程", "children": ()},
        ),
    },
    {"id": 2, "name": "Marketing 市场", "children": ()},
    {
        "id": 3,
        "name": "Training 培训",
        "children": ({"id": 31, "name": "Onboarding 入职", "children": ()},),
    },
)


@dataclass(frozen=True)
class HuaweiKey:
    access_key: str
    secret_key: str
    project_id: str = HUAWEI_DEMO_PROJECT_ID
    security_token: str | None = None
    allowed: bool = True  # False: signs fine, but IAM denies the VOD APIs


DEMO_KEYS = {
    k.access_key: k
    for k in (
        HuaweiKey(HUAWEI_DEMO_AK, HUAWEI_DEMO_SK),
        HuaweiKey(
            HUAWEI_DEMO_TEMP_AK, HUAWEI_DEMO_TEMP_SK, security_token=HUAWEI_DEMO_SECURITY_TOKEN
        ),
        HuaweiKey(HUAWEI_DEMO_NO_PERMISSION_AK, HUAWEI_DEMO_NO_PERMISSION_SK, allowed=False),
    )
}


@dataclass(frozen=True, slots=True)
class ApiAsset:
    """One media asset as the VOD API reports it, with its snapshot tasks' parameters."""

    asset_id: str
    title: str
    create_time: datetime
    duration_s: int = 120
    description: str = ""
    category_id: int = 1
    asset_status: str = "PUBLISHED"
    transcode_status: str = "TRANSCODE_SUCCEED"
    thumbnail_status: str = "THUMBNAIL_SUCCEED"
    review_status: str = "UN_REVIEW"
    exec_desc: str = ""
    interval_s: int = 12  # sample (task type "time"); 0 = no such task
    dots: tuple[int, ...] = ()
    quantity: int = 0
    defects: Defects = field(default_factory=Defects)  # by 1-based index of the sample list
    url_validity_s: int | None = None
    width: int = 480
    height: int = 270

    @property
    def has_results(self) -> bool:
        return self.thumbnail_status == "THUMBNAIL_SUCCEED"

    def offsets(self, kind: str) -> list[int]:
        """The snapshot offsets (seconds) of one list, in the order the API gives them."""
        if not self.has_results:
            return []
        if kind == "sample":
            return list(range(0, self.duration_s, self.interval_s)) if self.interval_s > 0 else []
        if kind == "dots":
            return [t for t in self.dots if 0 <= t <= self.duration_s]
        if kind == "quantity" and self.quantity > 0:
            return [int(self.duration_s * (k + 0.5) / self.quantity) for k in range(self.quantity)]
        return []

    def tasks(self) -> list[dict[str, Any]]:
        """ListThumbnailInfo ``thumbnails``: one task per list type that has results."""
        out = []
        for kind, task_type, para in (
            ("sample", "time", {"time": self.interval_s}),
            ("dots", "dots", {"dots": list(self.dots)}),
            ("quantity", "quantity", {"quantity": self.quantity}),
        ):
            count = len(self.offsets(kind))
            if count:
                out.append(
                    {
                        "task_id": self.task_id(kind),
                        "thumbnail_para": {
                            "type": task_type,
                            **para,
                            "cover_position": 1,
                            "format": 1,
                            "aspect_ratio": 0,
                            "max_length": 480,
                        },
                        "thumbnail_count": count,
                    }
                )
        return out

    def task_id(self, kind: str) -> str:
        return hashlib.md5(f"{self.asset_id}-{kind}-task".encode()).hexdigest()

    @property
    def create_stamp(self) -> str:
        return self.create_time.strftime("%Y%m%d%H%M%S")

    def statuses(self) -> frozenset[str]:
        return frozenset(
            (self.asset_status, self.transcode_status, self.thumbnail_status, self.review_status)
        )


_NEWEST = datetime(2026, 11, 21, 9, 0, 0, tzinfo=UTC)
_LIBRARY_START = datetime(2026, 11, 20, 0, 0, 0, tzinfo=UTC)


def _from_event_asset(asset: HuaweiAsset, position: int) -> ApiAsset:
    failed = asset.status != "SUCCEED"
    return ApiAsset(
        asset_id=asset.asset_id,
        title=asset.title,
        create_time=_NEWEST - timedelta(minutes=position),
        duration_s=asset.duration_s,
        category_id=11,
        thumbnail_status="THUMBNAIL_FAILED" if failed else "THUMBNAIL_SUCCEED",
        exec_desc=(asset.error_msg or asset.error_code) if failed else "",
        interval_s=asset.interval_s,
        dots=asset.dots,
    )


def _special(start: int) -> list[ApiAsset]:
    def at(n: int) -> datetime:
        return _NEWEST - timedelta(minutes=start + n)

    return [
        ApiAsset(
            THUMBNAILING_ASSET_ID,
            "Snapshots being taken",
            at(0),
            thumbnail_status="THUMBNAILING",
            category_id=12,
        ),
        ApiAsset(
            UN_THUMBNAIL_ASSET_ID,
            "Never snapshotted",
            at(1),
            thumbnail_status="UN_THUMBNAIL",
            category_id=12,
        ),
        ApiAsset(
            LONG_ASSET_ID,
            "Conference recording (long) 大会录像",
            at(2),
            duration_s=3600,
            interval_s=1,
            dots=(1800, 60, 300, 3599),
            quantity=10,
            category_id=2,
            width=640,
            height=360,
        ),
        ApiAsset(
            DEFECTS_ASSET_ID,
            "Planted defects",
            at(3),
            duration_s=240,
            interval_s=5,
            category_id=3,
            defects=Defects(
                black=(5, 6), frozen=(12, 13, 14, 15, 16), missing=(21,), corrupt=(27,), html=(33,)
            ),
        ),
        ApiAsset(
            EXPIRING_ASSET_ID,
            "Short-lived URLs",
            at(4),
            duration_s=200,
            interval_s=5,
            url_validity_s=45,
            category_id=31,
        ),
    ]


_CATEGORY_CYCLE = (1, 11, 12, 2, 3, 31)


def generated_asset(i: int) -> ApiAsset:
    """Library asset ``i`` (0 is the newest): a pure function of ``i``."""
    asset_id = hashlib.md5(f"snapview-huawei-library-{i}".encode()).hexdigest()
    if i % 23 == 7:
        thumbnail, desc = "THUMBNAIL_FAILED", "The source file could not be decoded."
    elif i % 17 == 3:
        thumbnail, desc = "THUMBNAILING", ""
    elif i % 29 == 5:
        thumbnail, desc = "UN_THUMBNAIL", ""
    else:
        thumbnail, desc = "THUMBNAIL_SUCCEED", ""
    title = f"发布会回放 {i + 1:05d}" if i % 7 == 0 else f"Library video {i + 1:05d}"
    return ApiAsset(
        asset_id=asset_id,
        title=title,
        description=f"Generated asset number {i + 1} of the emulator's library",
        create_time=_LIBRARY_START - timedelta(minutes=10 * i),
        duration_s=30 + (i * 37) % 570,
        category_id=_CATEGORY_CYCLE[i % len(_CATEGORY_CYCLE)],
        asset_status="CREATED" if i % 11 == 4 else "PUBLISHED",
        transcode_status="TRANSCODING" if i % 13 == 6 else "TRANSCODE_SUCCEED",
        thumbnail_status=thumbnail,
        review_status="REVIEW_PASSED" if i % 2 else "UN_REVIEW",
        exec_desc=desc,
        interval_s=12,
    )


def _category_names() -> dict[int, str]:
    names: dict[int, str] = {}

    def walk(items: tuple[dict[str, Any], ...]) -> None:
        for item in items:
            names[item["id"]] = item["name"]
            walk(item["children"])

    walk(CATEGORIES)
    return names


CATEGORY_NAMES = _category_names()


class HuaweiLibrary:
    """Every asset the Huawei API serves, newest first, and lookups by id."""

    def __init__(self, catalog: Catalog, generated: int = GENERATED_ASSETS) -> None:
        self.catalog = catalog
        self.generated = generated

    @functools.cached_property
    def assets(self) -> list[ApiAsset]:
        events = [
            _from_event_asset(a, n) for n, a in enumerate(self.catalog.huawei_assets.values())
        ]
        special = _special(len(events))
        known = {a.asset_id for a in events}
        return [
            *events,
            *(a for a in special if a.asset_id not in known),
            *(generated_asset(i) for i in range(self.generated)),
        ]

    @functools.cached_property
    def by_id(self) -> dict[str, ApiAsset]:
        return {a.asset_id: a for a in self.assets}

    def asset(self, asset_id: str) -> ApiAsset | None:
        return self.by_id.get(asset_id.lower())

    def task(self, task_id: str) -> tuple[ApiAsset, str] | None:
        """The asset and list kind of a task id (the generated library's tasks are found lazily)."""
        return self._tasks.get(task_id)

    @functools.cached_property
    def _tasks(self) -> dict[str, tuple[ApiAsset, str]]:
        out = {}
        for asset in self.assets:
            if not asset.has_results:
                continue
            # Cheap tests of which lists exist: the lists themselves are built only when asked for.
            for kind, present in (
                ("sample", asset.interval_s > 0 and asset.duration_s > 0),
                ("dots", bool(asset.dots)),
                ("quantity", asset.quantity > 0),
            ):
                if present:
                    out[asset.task_id(kind)] = (asset, kind)
        return out


# Where the CDN and the API handlers find the library on the emulator's application.
LIBRARY_KEY = web.AppKey("snapview_huawei_library", HuaweiLibrary)

# The ids the emulator docs and tests name.
DEMO_ASSET_IDS = {
    "ok": HUAWEI_ASSET_ID_OK,
    "failed": HUAWEI_ASSET_ID_FAILED,
    "thumbnailing": THUMBNAILING_ASSET_ID,
    "un_thumbnail": UN_THUMBNAIL_ASSET_ID,
    "long": LONG_ASSET_ID,
    "defects": DEFECTS_ASSET_ID,
    "expiring": EXPIRING_ASSET_ID,
}
