"""The emulator's CDN: snapshot images, sprite sheets and WebVTT files behind type-A URL tokens.

URLs look like ``/cdn/<video>/<job>/normal00042.jpg?auth_key=<ts>-<rand>-0-<md5>`` with
``md5 = md5("<path>-<ts>-<rand>-0-<private key>")`` (SPEC A.6). As on Alibaba Cloud, the CDN accepts a token
until ``ts + CDN_VALIDITY_S``; the API sets ``ts`` so that the URL expires when the caller asked
(AuthTimeout, at least an hour) — or after ``Video.url_validity_s`` for the expiring demo video. Images are
rendered once, kept in an LRU, and served with ETag / Last-Modified validators and ``Cache-Control``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from aiohttp import web
from PIL import Image

from snapview.emulator import frames
from snapview.emulator.catalog import Job, Video
from snapview.emulator.faults import ERROR, RESET, TRUNCATE
from snapview.emulator.huawei_catalog import LIBRARY_KEY, ApiAsset
from snapview.emulator.library_catalog import broken_cover_jpeg
from snapview.emulator.state import STATE_KEY, CachedImage, EmulatorState

log = logging.getLogger(__name__)

# The validity configured "in the console" for the CDN domain; tokens carry their own start time.
CDN_VALIDITY_S = 1800
HUAWEI_URL_VALIDITY_S = 24 * 3600
HUAWEI_JOB = "thumbnail"
HUAWEI_LAST_MODIFIED = datetime(2026, 11, 20, 6, 0, 0, tzinfo=UTC)

# Any index width: an index is zero-padded to five digits, so snapshot 100,000 is "normal100000.jpg".
# Only the name snapshot_path() / huawei_path() writes is served ("normal0000001.jpg" is not
# snapshot 1, as on a real bucket); the bound only keeps int() cheap.
_ALIBABA_FILE = re.compile(r"^(cover|normal|sprite|cell)(\d{5,18})\.jpg$")
_HUAWEI_FILE = re.compile(r"^(sample|dots|quantity)_(\d{1,18})\.jpg$")
_AUTH_KEY = re.compile(r"^(\d{1,12})-([0-9A-Za-z]{1,64})-(\d{1,12})-([0-9a-f]{32})$")

FILE_PREFIX = {
    "CoverSnapshot": "cover",
    "NormalSnapshot": "normal",
    "SpriteSnapshot": "sprite",
    "SpriteOriginSnapshot": "cell",
}
VTT_FILE = "thumbnails.vtt"


def token_md5(path: str, ts: int, rand: str, uid: str, private_key: str) -> str:
    return hashlib.md5(f"{path}-{ts}-{rand}-{uid}-{private_key}".encode()).hexdigest()


def sign_path(path: str, ts: int, private_key: str, rand: str | None = None) -> str:
    """``path?auth_key=...`` valid from ``ts`` for CDN_VALIDITY_S seconds."""
    rand = rand or uuid.uuid4().hex
    return f"{path}?auth_key={ts}-{rand}-0-{token_md5(path, ts, rand, '0', private_key)}"


def token_start(now: float, validity_s: int) -> int:
    """The ``ts`` that makes a token expire ``validity_s`` seconds after ``now``."""
    return int(now) + validity_s - CDN_VALIDITY_S


def snapshot_path(video_id: str, job: Job, snapshot_type: str, index: int) -> str:
    if snapshot_type == "WebVttSnapshot":
        return f"/cdn/{video_id}/{job.job_id}/{VTT_FILE}"
    return f"/cdn/{video_id}/{job.job_id}/{FILE_PREFIX[snapshot_type]}{index:05d}.jpg"


def huawei_path(asset_id: str, kind: str, offset: int) -> str:
    return f"/cdn/{asset_id}/{HUAWEI_JOB}/{kind}_{offset}.jpg"


def _denied(reason: str) -> web.Response:
    body = (
        "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n"
        "<center><h1>403 Forbidden</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n"
    )
    return web.Response(
        status=403,
        text=body,
        content_type="text/html",
        headers={"X-Tengine-Error": f"denied by req auth: {reason}", "Server": "Tengine"},
    )


def _not_found(path: str) -> web.Response:
    key = path.lstrip("/")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>NoSuchKey</Code>\n'
        "  <Message>The specified key does not exist.</Message>\n"
        f"  <RequestId>{uuid.uuid4().hex[:24].upper()}</RequestId>\n  <Key>{key}</Key>\n</Error>\n"
    )
    return web.Response(
        status=404, text=body, content_type="application/xml", headers={"Server": "Tengine"}
    )


_HTML_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Service temporarily unavailable</title></head>
<body style="font-family:sans-serif"><h1>Sorry, the page you requested is temporarily unavailable.</h1>
<p>Error 502 — the origin did not answer in time. Please try again later.</p>
<p>Request id: 0bf8a3c517061320512345678e</p></body></html>
"""


def check_token(state: EmulatorState, path: str, auth_key: str | None) -> web.Response | None:
    """None when the token is good now, else the CDN's 403."""
    if not auth_key:
        return _denied("no auth_key")
    match = _AUTH_KEY.match(auth_key)
    if not match:
        return _denied(f"invalid auth_key={auth_key[:80]}")
    ts, rand, uid, digest = int(match[1]), match[2], match[3], match[4]
    if token_md5(path, ts, rand, uid, state.catalog.cdn_private_key) != digest:
        return _denied(f"md5hash mismatch md5hash={digest}")
    if state.now() > ts + CDN_VALIDITY_S:
        return _denied(f"expired timestamp={ts}")
    return None


def _frozen_source(video: Video, index: int) -> int:
    run = set(video.defects.frozen)
    while index - 1 in run:
        index -= 1
    return index


def _creation(job: Job) -> datetime:
    try:
        return datetime.strptime(job.creation_time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return HUAWEI_LAST_MODIFIED


class _Render:
    """What to draw for one URL: a callable producing bytes, its content type and validators."""

    def __init__(
        self, key: tuple[str, ...], make: Callable[[], bytes], content_type: str, modified: datetime
    ) -> None:
        self.key = key
        self.make = make
        self.content_type = content_type
        self.modified = modified


def _alibaba_render(
    state: EmulatorState, video: Video, job: Job, name: str, query_key: str
) -> _Render | web.Response:
    size = (video.width, video.height)
    seed = job.scene_seed
    title = video.title
    modified = _creation(job)
    base_key = (video.video_id, job.job_id, name)
    if name == VTT_FILE:
        cells = job.sprite_cells
        if cells <= 0:
            return _not_found(snapshot_path(video.video_id, job, "WebVttSnapshot", 1))
        # Cue URLs are relative (they resolve next to the .vtt) and carry their own tokens, issued at
        # the same time as the .vtt's own so they expire together.
        ts = int(query_key.split("-", 1)[0])
        rand = query_key.split("-")[1]
        key = state.catalog.cdn_private_key

        def sheet_url(sheet: int) -> str:
            path = snapshot_path(video.video_id, job, "SpriteSnapshot", sheet)
            return path.rsplit("/", 1)[1] + sign_path(path, ts, key, rand)[len(path) :]

        text = frames.webvtt(job.sprite, cells, job.interval_s, sheet_url)
        return _Render((*base_key, query_key), text.encode, "text/vtt; charset=utf-8", modified)
    match = _ALIBABA_FILE.match(name)
    if not match or match[2] != f"{int(match[2]):05d}":
        return _not_found(name)
    prefix, index = match[1], int(match[2])
    if prefix == "cover":
        count = job.covers
        if not 1 <= index <= count or (index == 1 and video.cover_defect == "missing"):
            return _not_found(name)
        if index == 1 and video.cover_defect in ("black", "uniform"):
            broken = video.cover_defect
            return _Render(
                base_key, lambda: broken_cover_jpeg(broken, size), "image/jpeg", modified
            )
        t = video.duration_s * (index - 0.5) / count
        pace = video.duration_s / count
        return _Render(
            base_key,
            lambda: frames.frame_jpeg(seed, t, index, size, title, pace),
            "image/jpeg",
            modified,
        )
    if prefix == "normal":
        if not 1 <= index <= job.normal:
            return _not_found(name)
        return _normal_render(video, job, index, base_key, modified)
    if prefix == "cell":
        if not job.keep_cells or not 1 <= index <= job.sprite_cells:
            return _not_found(name)
        cell_size = (job.sprite.cell_width, job.sprite.cell_height)
        t = (index - 1) * job.interval_s
        return _Render(
            base_key,
            lambda: frames.frame_jpeg(seed, t, index, cell_size, "", job.interval_s),
            "image/jpeg",
            modified,
        )
    # sprite sheet
    if not 1 <= index <= job.sprite_sheets():
        return _not_found(name)
    config = job.sprite
    first = (index - 1) * config.cells_per_sheet
    cells = min(config.cells_per_sheet, job.sprite_cells - first)
    cell_size = (config.cell_width, config.cell_height)

    # A planted misaligned sheet is a little smaller than its grid (cuts its last column and line).
    shrink = (24, 10) if index in video.defects.misaligned_sheets else (0, 0)

    def sheet() -> bytes:
        image = frames.sprite_sheet(
            config,
            first,
            cells,
            lambda c: frames.render_frame(
                seed, c * job.interval_s, c + 1, cell_size, "", job.interval_s
            ),
            shrink=shrink,
        )
        return frames.encode_jpeg(image, quality=85)

    return _Render(base_key, sheet, "image/jpeg", modified)


def _normal_render(
    video: Video, job: Job, index: int, base_key: tuple[str, ...], modified: datetime
) -> _Render | web.Response:
    """What NormalSnapshot ``index`` serves: its frame, or the defect planted there."""
    size = (video.width, video.height)
    seed, title, pace = job.scene_seed, video.title, job.interval_s
    kind = video.defects.kind(index)
    if kind == "missing":
        return _not_found(snapshot_path(video.video_id, job, "NormalSnapshot", index))
    if kind == "html":
        return _Render(base_key, _HTML_ERROR_PAGE.encode, "text/html; charset=utf-8", modified)
    if kind == "empty":
        return _Render(base_key, bytes, "image/jpeg", modified)
    flat = {
        "black": None,
        "green": frames.DECODER_GREEN,
        "grey": frames.MID_GREY,
    }
    if kind in flat:
        color = flat[kind]
        return _Render(
            base_key,
            (lambda: frames.black_jpeg(size))
            if color is None
            else (lambda: frames.flat_jpeg(size, color)),
            "image/jpeg",
            modified,
        )
    source = index
    if kind == "frozen":
        source = _frozen_source(video, index)
    elif kind == "repeat":
        source = video.defects.repeat_source(index) or index
    t = (source - 1) * job.interval_s
    if kind == "other_aspect":
        size = (size[1] * 4 // 3, size[1])

    def picture() -> Image.Image:
        return frames.render_frame(seed, t, source, size, title, pace)

    def normal() -> bytes:
        if kind == "letterbox":
            return frames.barred_jpeg(picture(), 0.125, 0.125)
        if kind == "shifted":
            return frames.barred_jpeg(picture(), 0.15, 0.0)
        if kind == "blurred":
            return frames.blurred_jpeg(picture())
        good = frames.encode_jpeg(picture())
        if kind == "corrupt":
            return frames.corrupt_jpeg(good)
        if kind == "truncated":
            return frames.truncated_jpeg(good)
        if kind == "too_large":
            return frames.oversized_jpeg(good)
        return good

    return _Render(base_key, normal, "image/jpeg", modified)


def planted_forbidden(state: EmulatorState, owner: str, name: str) -> bool:
    """Whether ``name`` of video ``owner`` is a planted private object (403 AccessDenied)."""
    video = state.catalog.videos.get(owner)
    match = _ALIBABA_FILE.match(name)
    return (
        video is not None
        and match is not None
        and match[1] == "normal"
        and int(match[2]) in video.defects.forbidden
    )


def _access_denied(path: str) -> web.Response:
    """OSS's answer for a private object fetched without a signature (no Tengine auth error)."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>AccessDenied</Code>\n'
        "  <Message>You have no right to access this object because of bucket acl.</Message>\n"
        f"  <RequestId>{uuid.uuid4().hex[:24].upper()}</RequestId>\n  <Key>{path.lstrip('/')}</Key>\n"
        "</Error>\n"
    )
    return web.Response(
        status=403, text=body, content_type="application/xml", headers={"Server": "AliyunOSS"}
    )


def _huawei_render(asset: ApiAsset, name: str) -> _Render | web.Response:
    match = _HUAWEI_FILE.match(name)
    if not match or match[2] != str(int(match[2])) or not asset.has_results:
        return _not_found(name)
    kind, offset = match[1], int(match[2])
    offsets = asset.offsets(kind)
    if offset not in offsets:
        return _not_found(name)
    seed = int(asset.asset_id[:8], 16)
    size = (asset.width, asset.height)
    key = (asset.asset_id, HUAWEI_JOB, name)
    pace = float(asset.interval_s or 1)
    if kind != "sample":
        return _Render(
            key,
            lambda: frames.frame_jpeg(seed, offset, offset, size, asset.title, pace),
            "image/jpeg",
            HUAWEI_LAST_MODIFIED,
        )
    # Planted defects go by the 1-based index in the sample list, as for Alibaba's NormalSnapshot.
    index = sorted(offsets).index(offset) + 1
    defect = asset.defects.kind(index)
    if defect == "missing":
        return _not_found(huawei_path(asset.asset_id, kind, offset))
    if defect == "html":
        return _Render(
            key, _HTML_ERROR_PAGE.encode, "text/html; charset=utf-8", HUAWEI_LAST_MODIFIED
        )
    if defect == "black":
        return _Render(key, lambda: frames.black_jpeg(size), "image/jpeg", HUAWEI_LAST_MODIFIED)
    source = index
    if defect == "frozen":
        run = set(asset.defects.frozen)
        while source - 1 in run:
            source -= 1
    t = sorted(offsets)[source - 1]

    def sample() -> bytes:
        good = frames.frame_jpeg(seed, t, source, size, asset.title, pace)
        return frames.corrupt_jpeg(good) if defect == "corrupt" else good

    return _Render(key, sample, "image/jpeg", HUAWEI_LAST_MODIFIED)


def _not_modified(request: web.Request, etag: str, modified: datetime) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return modified <= when
    return False


async def _apply_image_fault(
    state: EmulatorState, request: web.Request
) -> tuple[web.StreamResponse | None, bool]:
    """(a response to send instead, whether to truncate the real one)."""
    # Fates follow each image's own request count, not the arrival order across images: how many
    # times in a row one image fails is then fixed by the seed, whatever the client's concurrency.
    kind = f"image:{request.path}"
    fate = state.image_faults.fate(kind, state.next_number(kind))
    if fate.delay_ms > 0:
        await asyncio.sleep(fate.delay_ms / 1000)
    if fate.fault == RESET:
        state.count("image_resets")
        state.count("faults")
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=503), False
    if fate.fault == ERROR:
        state.count("image_faults")
        state.count("faults")
        return web.Response(
            status=503, text="503 Service Temporarily Unavailable", headers={"Server": "Tengine"}
        ), False
    return None, fate.fault == TRUNCATE


async def send_truncated(
    request: web.Request, status: int, body: bytes, headers: dict[str, str]
) -> web.StreamResponse:
    """Headers promising ``len(body)`` bytes, then half of them and a dropped connection."""
    response = web.StreamResponse(status=status, headers=headers)
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    if request.transport is not None:
        request.transport.abort()
    return response


async def handle_cdn(request: web.Request) -> web.StreamResponse:
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    owner, job_id, name = (
        request.match_info["owner"],
        request.match_info["job"],
        request.match_info["file"],
    )
    path = f"/cdn/{owner}/{job_id}/{name}"
    instead, truncate = await _apply_image_fault(state, request)
    if instead is not None:
        return instead
    auth_key = request.rel_url.query.get("auth_key")
    if auth_key is None and planted_forbidden(state, owner, name):
        state.count("403s")
        return _access_denied(path)
    denied = check_token(state, path, auth_key)
    if denied is not None:
        state.count("403s")
        return denied
    assert auth_key is not None
    video = state.catalog.videos.get(owner)
    library = request.app.get(LIBRARY_KEY)
    asset = library.asset(owner) if library is not None and job_id == HUAWEI_JOB else None
    plan: _Render | web.Response
    if video is not None:
        job = next((j for j in video.jobs if j.job_id == job_id), None)
        plan = (
            _not_found(path) if job is None else _alibaba_render(state, video, job, name, auth_key)
        )
    elif asset is not None:
        plan = _huawei_render(asset, name)
    else:
        plan = _not_found(path)
    if isinstance(plan, web.Response):
        state.count("404s" if plan.status == 404 else f"{plan.status}s")
        return plan
    item = state.images.get(plan.key)
    if item is None:
        state.count("renders")
        loop = asyncio.get_running_loop()
        body = await loop.run_in_executor(state.render_pool, plan.make)
        item = CachedImage(
            body=body,
            etag=f'"{hashlib.md5(body).hexdigest().upper()}"',
            content_type=plan.content_type,
        )
        state.images.put(plan.key, item)
    headers = {
        "ETag": item.etag,
        "Last-Modified": format_datetime(plan.modified, usegmt=True),
        "Cache-Control": "max-age=86400",
        "Server": "Tengine",
        "Accept-Ranges": "bytes",
    }
    if _not_modified(request, item.etag, plan.modified):
        state.count("images_304")
        return web.Response(status=304, headers=headers)
    state.count("images")
    headers["Content-Type"] = item.content_type
    if truncate:
        state.count("image_truncated")
        state.count("faults")
        return await send_truncated(request, 200, item.body, headers)
    return web.Response(body=item.body, headers=headers)
