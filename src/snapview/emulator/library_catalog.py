"""The emulator's media library: what ``SearchMedia``, ``GetVideoInfos`` and ``GetCategories`` know
about each video (title, status, category, creation and modification time), the category tree, and
a generated, deterministic library of thousands of videos beside the demo ones.

The generated videos are real catalogue videos — each has a snapshot job, so ``ListSnapshots`` and
the CDN answer for it like for a demo video — with titles in English and Chinese, the whole range of
statuses (failed and still-processing ones included), categories on three levels, a burst of uploads
in the same second (so sorting has ties), and a few covers that are broken on purpose (404, black,
uniform green). The same seed always gives the same library. The file format (``Library`` and the
per-video ``CateId``/``CreationTime``/``CoverDefect``) is in ``docs/emulator.md``.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image

from snapview.emulator import frames
from snapview.emulator.catalog import Catalog, CatalogError, Job, Video

GENERATED_VIDEOS = 6_000
DEFAULT_SEED = 17
DEMO_CATEGORY_ID = 900
COVER_DEFECTS = ("missing", "black", "uniform")
# The generated uploads end here and reach back two years (the demo jobs are from late 2026).
LIBRARY_END = datetime(2026, 11, 23, 0, 0, 0, tzinfo=UTC)
LIBRARY_SPAN = timedelta(days=730)
# So many generated videos share this upload second (a bulk import): sorting must break ties.
BURST_AT = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
BURST_SIZE = 40
# A decoder that lost its input paints this flat green (RESEARCH §4.5).
UNIFORM_COVER = (0, 135, 0)


def format_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class CategoryNode:
    """One category. ``parent_id`` is -1 for a top-level one (as GetCategories says)."""

    cate_id: int
    name: str
    parent_id: int = -1
    level: int = 0
    cate_type: str = "default"


@dataclass(frozen=True)
class LibraryEntry:
    """What the media library knows about one video beyond its snapshot jobs."""

    video_id: str
    title: str
    status: str
    duration: float
    creation_time: str
    modification_time: str
    cate_id: int | None = None
    tags: str = ""
    description: str = ""
    size: int = 0
    generated: bool = False

    @functools.cached_property
    def created(self) -> datetime:
        return parse_time(self.creation_time)

    @functools.cached_property
    def modified(self) -> datetime:
        return parse_time(self.modification_time)


@dataclass(frozen=True)
class LibraryCatalog:
    """The library of a catalogue: one entry per video, in no particular order, and the categories."""

    entries: dict[str, LibraryEntry]
    categories: dict[int, CategoryNode]
    seed: int = DEFAULT_SEED
    generated_count: int = 0
    children: dict[int, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[int, list[int]] = {}
        for node in self.categories.values():
            children.setdefault(node.parent_id, []).append(node.cate_id)
        object.__setattr__(
            self, "children", {parent: tuple(sorted(ids)) for parent, ids in children.items()}
        )

    @functools.cached_property
    def generated_ids(self) -> frozenset[str]:
        return frozenset(e.video_id for e in self.entries.values() if e.generated)

    @functools.cached_property
    def by_creation(self) -> tuple[LibraryEntry, ...]:
        """Every entry, oldest first; equal times by VideoId (the emulator's tie-break)."""
        return tuple(sorted(self.entries.values(), key=lambda e: (e.creation_time, e.video_id)))

    def describe(self) -> dict[str, Any]:
        statuses: dict[str, int] = {}
        for entry in self.entries.values():
            statuses[entry.status] = statuses.get(entry.status, 0) + 1
        return {
            "Videos": len(self.entries),
            "Generated": self.generated_count,
            "Seed": self.seed,
            "Statuses": dict(sorted(statuses.items())),
            "Categories": [
                {"CateId": n.cate_id, "CateName": n.name, "ParentId": n.parent_id, "Level": n.level}
                for n in sorted(self.categories.values(), key=lambda n: n.cate_id)
            ],
        }


def broken_cover_jpeg(defect: str, size: tuple[int, int]) -> bytes:
    """The first cover of a video whose ``cover_defect`` is "black" or "uniform"."""
    if defect == "black":
        return frames.black_jpeg(size)
    return frames.encode_jpeg(Image.new("RGB", size, UNIFORM_COVER))


# --- the generated library -----------------------------------------------------------------------

# (id, name, parent): three levels, names in both languages as real accounts have them.
_TREE: tuple[tuple[int, str, int], ...] = (
    (DEMO_CATEGORY_ID, "Demo 演示", -1),
    (1000, "News", -1),
    (1001, "国内", 1000),
    (1002, "北京", 1001),
    (1003, "Shanghai 上海", 1001),
    (1004, "International", 1000),
    (1010, "体育", -1),
    (1011, "Football 足球", 1010),
    (1012, "Premier League", 1011),
    (1013, "中超", 1011),
    (1014, "Basketball", 1010),
    (1020, "Entertainment", -1),
    (1021, "综艺", 1020),
    (1022, "Movies", 1020),
    (1030, "教育 Education", -1),
    (1031, "Lectures", 1030),
    (1032, "公开课", 1030),
    (1040, "Travel", -1),
    (1041, "Asia", 1040),
    (1042, "Japan", 1041),
    (1043, "云南", 1041),
    (1050, "美食", -1),
    (1060, "Technology", -1),
    (1061, "Product launches", 1060),
    (1070, "Music", -1),
    (1071, "Concerts 演唱会", 1070),
)

_ENGLISH = (
    "Harbour at dusk", "City timelapse", "Mountain road", "Product demo", "Morning news",
    "Football highlights", "Cooking class", "Travel vlog", "Live concert", "Physics lecture",
    "Wildlife in the wetlands", "Drone flight over the coast", "Night market", "Founder interview",
    "Editing tutorial", "Press conference", "Marathon finish", "Street food tour",
)  # fmt: skip
_ENGLISH_SUFFIX = (
    "episode {n}", "part {n}", "(4K)", "rehearsal", "final cut", "teaser", "day {n}", "raw footage",
)  # fmt: skip
_CHINESE = (
    "城市夜景", "新闻联播", "美食教程", "旅行日记", "足球集锦", "产品发布会", "山间公路", "演唱会现场",
    "物理公开课", "湿地里的野生动物", "海岸航拍", "夜市探店", "创始人访谈", "剪辑教程", "马拉松冲线",
)  # fmt: skip
_CHINESE_SUFFIX = ("第{n}集", "精彩片段", "花絮", "预告片", "完整版", "高清版", "（上）", "（下）")
_TAGS = ("qa", "highlight", "4k", "vertical", "archive", "精选", "直播回放", "review")
# Weighted statuses: mostly playable, with every failed and in-progress kind represented.
_STATUSES = (
    ("Normal", 800), ("UploadSucc", 40), ("Checking", 30), ("Blocked", 20), ("Transcoding", 30),
    ("Uploading", 20), ("TranscodeFail", 30), ("UploadFail", 20), ("ProduceFail", 10),
)  # fmt: skip
_LISTABLE = frozenset({"Normal", "UploadSucc", "Checking", "Blocked"})


def _video_id(seed: int, number: int) -> str:
    return hashlib.md5(f"snapview-library:{seed}:{number}".encode()).hexdigest()


def _title(rng: random.Random, number: int) -> str:
    episode = rng.randint(1, 99)
    if rng.random() < 0.55:
        return f"{rng.choice(_ENGLISH)} - {rng.choice(_ENGLISH_SUFFIX).format(n=episode)}"
    return f"{rng.choice(_CHINESE)} {rng.choice(_CHINESE_SUFFIX).format(n=episode)}"


def _generated_video(rng: random.Random, seed: int, number: int) -> tuple[Video, LibraryEntry]:
    video_id = _video_id(seed, number)
    title = _title(rng, number)
    status = rng.choices([s for s, _ in _STATUSES], weights=[w for _, w in _STATUSES])[0]
    if number < BURST_SIZE:
        created = BURST_AT
    else:
        created = LIBRARY_END - timedelta(seconds=rng.randrange(int(LIBRARY_SPAN.total_seconds())))
    modified = min(created + timedelta(seconds=rng.randrange(0, 30 * 86400)), LIBRARY_END)
    has_media = status not in ("Uploading", "UploadFail")
    duration = round(rng.uniform(5.0, 3600.0), 2) if has_media else 0.0
    categories = [node[0] for node in _TREE if node[0] != DEMO_CATEGORY_ID]
    cate_id = rng.choice(categories) if rng.random() < 0.9 else None
    listable = status in _LISTABLE
    covers = rng.randint(3, 8) if listable else 0
    normal = rng.randint(10, 40) if listable else 0
    interval = max(1.0, round(duration / max(normal, 1), 1)) if normal else 5.0
    roll = rng.random()
    defect = ""
    if listable and roll < 0.015:  # about 1 in 70 listable videos has a broken cover
        defect = COVER_DEFECTS[int(roll / 0.005)]
    tags = ",".join(sorted(rng.sample(_TAGS, rng.randint(0, 2))))
    # Frames burn the title in with a Latin font; a Chinese title would be boxes there.
    frame_title = title if title.isascii() else f"Library video {number + 1}"
    job = Job(
        job_id=hashlib.md5(f"{video_id}:job".encode()).hexdigest(),
        creation_time=format_time(created + timedelta(minutes=rng.randint(1, 90))),
        covers=covers,
        normal=normal,
        interval_s=interval,
        scene_seed=number * 7 + seed,
    )
    video = Video(
        video_id=video_id,
        title=frame_title,
        status=status,
        duration_s=max(duration, 1.0),
        jobs=(job,),
        cover_defect=defect,
        note=f"generated library video {number + 1}",
    )
    entry = LibraryEntry(
        video_id=video_id,
        title=title,
        status=status,
        duration=duration,
        creation_time=format_time(created),
        modification_time=format_time(modified),
        cate_id=cate_id,
        tags=tags,
        size=int(duration * 250_000),
        generated=True,
    )
    return video, entry


@functools.lru_cache(maxsize=4)
def generate(count: int, seed: int) -> tuple[tuple[Video, ...], tuple[LibraryEntry, ...]]:
    """``count`` generated videos and their library entries; the same arguments give the same ones."""
    rng = random.Random(seed)
    pairs = [_generated_video(rng, seed, number) for number in range(count)]
    return tuple(v for v, _ in pairs), tuple(e for _, e in pairs)


def default_categories() -> dict[int, CategoryNode]:
    levels: dict[int, int] = {-1: -1}
    nodes: dict[int, CategoryNode] = {}
    for cate_id, name, parent in _TREE:
        levels[cate_id] = levels[parent] + 1
        nodes[cate_id] = CategoryNode(cate_id, name, parent, levels[cate_id])
    return nodes


def _entry_for(video: Video, cate_id: int | None, created: str | None) -> LibraryEntry:
    """The library entry of a video defined by hand (demo or file): times from its jobs."""
    times = sorted(job.creation_time for job in video.jobs)
    first = created or (times[0] if times else format_time(LIBRARY_END))
    return LibraryEntry(
        video_id=video.video_id,
        title=video.title,
        status=video.status,
        duration=video.duration_s,
        creation_time=first,
        modification_time=max([first, *times]),
        cate_id=cate_id,
        size=int(video.duration_s * 250_000),
    )


def with_library(
    catalog: Catalog,
    *,
    generated: int = GENERATED_VIDEOS,
    seed: int = DEFAULT_SEED,
    categories: Mapping[int, CategoryNode] | None = None,
    placement: Mapping[str, tuple[int | None, str | None]] | None = None,
) -> Catalog:
    """``catalog`` with its library: an entry per video (``placement`` gives a video's category and
    creation time; demo videos default to the Demo category) plus ``generated`` generated videos."""
    nodes = dict(default_categories() if categories is None else categories)
    entries: dict[str, LibraryEntry] = {}
    for video in catalog.videos.values():
        cate_id, created = (placement or {}).get(
            video.video_id, (DEMO_CATEGORY_ID if DEMO_CATEGORY_ID in nodes else None, None)
        )
        entries[video.video_id] = _entry_for(video, cate_id, created)
    videos = dict(catalog.videos)
    if generated:
        made, made_entries = generate(generated, seed)
        for video, entry in zip(made, made_entries, strict=True):
            if video.video_id in videos:
                continue
            videos[video.video_id] = video
            cate = entry.cate_id if entry.cate_id in nodes else None
            entries[entry.video_id] = (
                entry if cate == entry.cate_id else replace(entry, cate_id=cate)
            )
    library = LibraryCatalog(entries, nodes, seed=seed, generated_count=generated)
    return replace(catalog, videos=videos, library=library)


# --- the catalogue file's Library section ----------------------------------------------------------


def _category_nodes(items: Any, where: str) -> dict[int, CategoryNode]:
    if not isinstance(items, list):
        raise CatalogError(f"{where}: expected a list")
    raw: dict[int, tuple[str, int]] = {}
    for i, item in enumerate(items):
        spot = f"{where}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("CateId"), int):
            raise CatalogError(f"{spot}: a category needs an integer CateId")
        parent = item.get("ParentId", -1)
        if not isinstance(parent, int):
            raise CatalogError(f"{spot}.ParentId: expected an integer")
        if item["CateId"] < 0 or item["CateId"] in raw:
            raise CatalogError(f"{spot}: CateId {item['CateId']} is negative or used twice")
        raw[item["CateId"]] = (str(item.get("CateName", item["CateId"])), parent)
    nodes: dict[int, CategoryNode] = {}

    def level(cate_id: int, depth: int = 0) -> int:
        parent = raw[cate_id][1]
        if parent == -1:
            return 0
        if parent not in raw:
            raise CatalogError(f"{where}: category {cate_id} has an unknown ParentId {parent}")
        if depth > len(raw):
            raise CatalogError(f"{where}: category {cate_id} is its own ancestor")
        return level(parent, depth + 1) + 1

    for cate_id, (name, parent) in raw.items():
        depth = level(cate_id)
        if depth > 2:
            raise CatalogError(f"{where}: category {cate_id} is deeper than 3 levels")
        nodes[cate_id] = CategoryNode(cate_id, name, parent, depth)
    return nodes


def attach_from_file(catalog: Catalog, data: Mapping[str, Any], source: str) -> Catalog:
    """The library of a catalogue file: its ``Library`` object (``Generate``, ``Seed``,
    ``Categories``) and the videos' ``CateId``/``CreationTime``. A file without ``Library``
    generates nothing and, if its videos name no category, has the default tree."""
    section = data.get("Library", {})
    if not isinstance(section, dict):
        raise CatalogError(f"{source}: Library must be an object")
    count = section.get("Generate", 0)
    seed = section.get("Seed", DEFAULT_SEED)
    if not isinstance(count, int) or not 0 <= count <= 100_000:
        raise CatalogError(f"{source}: Library.Generate must be a whole number 0-100000")
    if not isinstance(seed, int):
        raise CatalogError(f"{source}: Library.Seed must be an integer")
    nodes = (
        _category_nodes(section["Categories"], f"{source}: Library.Categories")
        if "Categories" in section
        else default_categories()
    )
    placement: dict[str, tuple[int | None, str | None]] = {}
    items: Sequence[Any] = data.get("Videos", []) or []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("VideoId") not in catalog.videos:
            continue
        where = f"{source}: Videos[{i}]"
        cate_id = item.get("CateId")
        if cate_id is not None and (not isinstance(cate_id, int) or cate_id not in nodes):
            raise CatalogError(
                f"{where}.CateId: {cate_id!r} is not a category of Library.Categories"
            )
        created = item.get("CreationTime")
        if created is not None:
            try:
                parse_time(str(created))
            except ValueError:
                raise CatalogError(
                    f"{where}.CreationTime: expected YYYY-MM-DDThh:mm:ssZ, not {created!r}"
                ) from None
        defect = item.get("CoverDefect", "")
        if defect and defect not in COVER_DEFECTS:
            raise CatalogError(f"{where}.CoverDefect: use one of {', '.join(COVER_DEFECTS)}")
        placement[item["VideoId"]] = (cate_id, str(created) if created is not None else None)
    return with_library(catalog, generated=count, seed=seed, categories=nodes, placement=placement)
