"""Reading an emulator catalogue from a JSON file (format in ``docs/emulator.md``) into a
:class:`~snapview.emulator.catalog.Catalog`, with a :class:`CatalogError` that names the bad entry.
Built on the demo videos, keys and assets; the file's ``Library`` section and the videos'
``CateId``/``CreationTime``/``CoverDefect`` go to ``library_catalog.attach_from_file``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from snapview.emulator.catalog import (
    _INDEX_LIST_DEFECTS,
    DEFAULT_PERMISSIONS,
    AccessKey,
    Catalog,
    CatalogError,
    Defects,
    HuaweiAsset,
    Job,
    SpriteConfig,
    Video,
    default_catalog,
    demo_catalog,
)


@contextlib.contextmanager
def _naming(where: str) -> Iterator[None]:
    """Turn a bad value's TypeError/ValueError into a CatalogError that names the entry."""
    try:
        yield
    except CatalogError:
        raise
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: {exc}") from None


def _ints(value: Any, where: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise CatalogError(f"{where}: expected a list of integers")
    return tuple(value)


def _pairs(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(n, int) for n in v) for v in value
    ):
        raise CatalogError(f"{where}: expected a list of [index, source index] pairs")
    return tuple((v[0], v[1]) for v in value)


def _job(data: Any, where: str) -> Job:
    if not isinstance(data, dict) or not isinstance(data.get("JobId"), str):
        raise CatalogError(f"{where}: a job needs a string JobId")
    sprite_data = data.get("SpriteSnapshotConfig") or {}
    if not isinstance(sprite_data, dict):
        raise CatalogError(f"{where}.SpriteSnapshotConfig: expected an object")
    try:
        sprite = SpriteConfig(
            cell_width=int(sprite_data.get("CellWidth", 160)),
            cell_height=int(sprite_data.get("CellHeight", 90)),
            padding=int(sprite_data.get("Padding", 4)),
            margin=int(sprite_data.get("Margin", 6)),
            color=str(sprite_data.get("Color", "#101010")),
            columns=int(sprite_data.get("Columns", 10)),
            lines=int(sprite_data.get("Lines", 3)),
        )
        job = Job(
            job_id=data["JobId"],
            creation_time=str(data.get("CreationTime", "2026-01-01T00:00:00Z")),
            covers=int(data.get("Covers", 8)),
            normal=int(data.get("Normal", 0)),
            interval_s=float(data.get("IntervalSeconds", 5)),
            sprite_cells=int(data.get("SpriteCells", 0)),
            sprite=sprite,
            keep_cells=str(data.get("KeepCellPic", "keep")) == "keep",
            scene_seed=int(data.get("SceneSeed", 0)),
        )
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: {exc}") from None
    if min(sprite.cell_width, sprite.cell_height, sprite.columns, sprite.lines) < 1:
        raise CatalogError(
            f"{where}.SpriteSnapshotConfig: sizes, Columns and Lines must be at least 1"
        )
    if min(job.covers, job.normal, job.sprite_cells) < 0:
        raise CatalogError(f"{where}: counts cannot be negative")
    return job


def catalog_from_dict(data: Any, source: str = "catalogue") -> Catalog:
    """Build a catalogue from parsed JSON; raises :class:`CatalogError` naming the bad entry."""
    if not isinstance(data, dict):
        raise CatalogError(f"{source}: the top level must be a JSON object")
    base = demo_catalog()
    for name in ("Videos", "AccessKeys", "HuaweiAssets"):
        if not isinstance(data.get(name, []), list):
            raise CatalogError(f"{source}: {name} must be a list")
    videos: dict[str, Video] = {}
    for i, item in enumerate(data.get("Videos", [])):
        where = f"{source}: Videos[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("VideoId"), str):
            raise CatalogError(f"{where}: a video needs a string VideoId")
        if not isinstance(item.get("Jobs", []), list):
            raise CatalogError(f"{where}.Jobs: expected a list")
        jobs = tuple(_job(j, f"{where}.Jobs[{n}]") for n, j in enumerate(item.get("Jobs", [])))
        if not jobs:
            raise CatalogError(f"{where}: a video needs at least one job in Jobs")
        defects_data = item.get("Defects") or {}
        if not isinstance(defects_data, dict):
            raise CatalogError(f"{where}.Defects: expected an object")
        defects = Defects(
            **{k: _ints(defects_data.get(k), f"{where}.Defects.{k}") for k in _INDEX_LIST_DEFECTS},
            repeat=_pairs(defects_data.get("repeat"), f"{where}.Defects.repeat"),
        )
        validity = item.get("UrlValiditySeconds")
        with _naming(where):
            video = Video(
                video_id=item["VideoId"],
                title=str(item.get("Title", item["VideoId"])),
                status=str(item.get("Status", "Normal")),
                duration_s=float(item.get("DurationSeconds", 300)),
                width=int(item.get("Width", 480)),
                height=int(item.get("Height", 270)),
                jobs=jobs,
                replace_after_calls=int(item.get("ReplaceAfterCalls", 0)),
                url_validity_s=int(validity) if validity is not None else None,
                defects=defects,
                note=str(item.get("Note", "")),
                cover_defect=str(item.get("CoverDefect", "")),
            )
        if not (16 <= video.width <= 4096 and 16 <= video.height <= 4096) or video.duration_s <= 0:
            raise CatalogError(
                f"{where}: Width and Height must be 16-4096 and DurationSeconds positive"
            )
        videos[video.video_id] = video
    keys = dict(base.access_keys)
    for i, item in enumerate(data.get("AccessKeys", [])):
        where = f"{source}: AccessKeys[{i}]"
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("AccessKeyId"), str)
            or not isinstance(item.get("AccessKeySecret"), str)
        ):
            raise CatalogError(f"{where}: needs string AccessKeyId and AccessKeySecret")
        permissions = item.get("Permissions", list(DEFAULT_PERMISSIONS))
        token = item.get("SecurityToken")
        if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
            raise CatalogError(f"{where}.Permissions: expected a list of strings")
        if token is not None and not isinstance(token, str):
            raise CatalogError(f"{where}.SecurityToken: expected a string")
        keys[item["AccessKeyId"]] = AccessKey(
            item["AccessKeyId"],
            item["AccessKeySecret"],
            permissions=tuple(permissions),
            security_token=token,
            active=bool(item.get("Active", True)),
        )
    assets: dict[str, HuaweiAsset] = {}
    for i, item in enumerate(data.get("HuaweiAssets", [])):
        where = f"{source}: HuaweiAssets[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("asset_id"), str):
            raise CatalogError(f"{where}: needs a string asset_id")
        with _naming(where):
            assets[item["asset_id"]] = HuaweiAsset(
                asset_id=item["asset_id"],
                title=str(item.get("title", item["asset_id"])),
                status=str(item.get("status", "SUCCEED")),
                duration_s=int(item.get("duration_s", 120)),
                interval_s=max(1, int(item.get("interval_s", 12))),
                dots=_ints(item.get("dots"), f"{where}.dots"),
                error_code=str(item.get("error_code", "")),
                error_msg=str(item.get("error_msg", "")),
            )
    from snapview.emulator.library_catalog import attach_from_file

    plain = Catalog(
        videos=videos or base.videos,
        access_keys=keys,
        huawei_assets=assets or base.huawei_assets,
        cdn_private_key=str(data.get("CdnPrivateKey", base.cdn_private_key)),
        mfs_key=str(data.get("MfsKey", base.mfs_key)),
    )
    return attach_from_file(plain, data, source)


def load_catalog(path: Path | None) -> Catalog:
    """The catalogue in ``path`` (JSON), or the built-in default when ``path`` is None."""
    if path is None:
        return default_catalog()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return catalog_from_dict(data, str(path))
