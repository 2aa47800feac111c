"""A small HTTP disk cache for snapshot images that honours validators, so reopening a video
revalidates each image with ``If-None-Match`` / ``If-Modified-Since`` and reuses the stored body on
``304 Not Modified`` instead of downloading it again.

Why not hishel: snapshot URLs carry volatile signing tokens (``auth_key``, ``auth_info``,
``Expires``/``Signature``/``OSSAccessKeyId``) that change every time ListSnapshots is called, so the
cache key must be the URL *without* them; the pipeline also needs to decide itself which responses
are stored (only bodies that decoded as images) and to read bodies in its own worker thread. A plain
folder of content-addressed files does that in a page of code. File names are SHA-256 digests of the
token-free URL and the metadata keeps only the token-free URL, so no secret ever reaches the disk.

All methods do blocking file I/O: call them from a worker thread, never from the GUI thread.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that sign a URL rather than name the resource (SPEC A.6, B.4); compared
# case-insensitively. A refreshed URL differs only in these, so it must map to the same entry.
VOLATILE_QUERY_PARAMS = frozenset(
    {
        "auth_key",
        "auth_info",
        "expires",
        "signature",
        "ossaccesskeyid",
        "security-token",
        "x-oss-security-token",
        "x-oss-signature",
        "x-oss-expires",
        "x-oss-credential",
        "x-oss-date",
        "x-oss-signature-version",
        "x-oss-additional-headers",
    }
)

_FORMAT_VERSION = 1


def stable_url(url: str) -> str:
    """``url`` without its signing tokens and fragment, remaining query sorted: the cache identity."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in VOLATILE_QUERY_PARAMS
    ]
    query.sort()
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(query), "")
    )


def cache_key(url: str) -> str:
    """A file-name-safe digest of the token-free URL (never contains any part of a token)."""
    return hashlib.sha256(stable_url(url).encode("utf-8")).hexdigest()


def has_volatile_token(url: str) -> bool:
    """Whether the URL is signed (so a 403 most likely means the signature expired)."""
    return any(k.lower() in VOLATILE_QUERY_PARAMS for k, _ in parse_qsl(urlsplit(url).query))


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """What the cache knows about one stored body (the body itself stays on disk until read)."""

    key: str
    body_path: Path
    etag: str | None
    last_modified: str | None
    content_type: str | None
    stored_at: float
    max_age: float | None
    size: int

    def is_fresh(self, now: float | None = None) -> bool:
        """Usable without asking the server (``Cache-Control: max-age`` / ``Expires`` not yet past)."""
        if self.max_age is None:
            return False
        return (now if now is not None else time.time()) < self.stored_at + self.max_age

    def validators(self) -> dict[str, str]:
        """Request headers that make the next GET conditional."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def read_body(self) -> bytes:
        return self.body_path.read_bytes()


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """How a response may be cached, from its headers (RFC 9111, the parts a private cache needs)."""

    store: bool
    max_age: float | None

    @classmethod
    def from_headers(cls, headers: dict[str, str], now: float | None = None) -> CachePolicy:
        directives = _cache_control(headers.get("cache-control", ""))
        if "no-store" in directives:
            return cls(store=False, max_age=None)
        max_age: float | None = None
        if "no-cache" in directives:
            max_age = 0.0
        elif "max-age" in directives:
            with contextlib.suppress(ValueError):
                max_age = max(0.0, float(directives["max-age"]))
        elif "expires" in headers:
            expires = _http_date(headers["expires"])
            if expires is not None:
                base = _http_date(headers.get("date", "")) or (
                    now if now is not None else time.time()
                )
                max_age = max(0.0, expires - base)
        has_validator = bool(headers.get("etag") or headers.get("last-modified"))
        return cls(store=has_validator or bool(max_age), max_age=max_age)


def _cache_control(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in value.split(","):
        name, _, arg = item.strip().partition("=")
        if name:
            out[name.lower()] = arg.strip().strip('"')
    return out


def _http_date(value: str) -> float | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.timestamp()


class HttpDiskCache:
    """Bodies and their validators in ``directory``, bounded to ``max_bytes`` (oldest use evicted)."""

    def __init__(self, directory: Path, *, max_bytes: int = 1024 * 2**20) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._total: int | None = None

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.directory / key[:2]
        return folder / f"{key}.body", folder / f"{key}.json"

    def lookup(self, url: str) -> CachedResponse | None:
        """The stored entry for ``url`` (tokens ignored), or None; unreadable entries count as absent."""
        key = cache_key(url)
        body_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            size = body_path.stat().st_size
        except (OSError, ValueError):
            return None
        if (
            not isinstance(meta, dict)
            or meta.get("v") != _FORMAT_VERSION
            or meta.get("size") != size
        ):
            return None
        with contextlib.suppress(OSError):
            os.utime(meta_path)  # marks the entry as recently used for eviction
        return CachedResponse(
            key=key,
            body_path=body_path,
            etag=_str_or_none(meta.get("etag")),
            last_modified=_str_or_none(meta.get("last_modified")),
            content_type=_str_or_none(meta.get("content_type")),
            stored_at=float(meta.get("stored_at", 0.0)),
            max_age=_float_or_none(meta.get("max_age")),
            size=size,
        )

    def store(self, url: str, body: bytes | None, headers: dict[str, str]) -> CachedResponse | None:
        """Store a 200 body (or, with ``body=None`` after a 304, refresh the stored entry's headers).

        ``headers`` are the response headers with lower-case names. Returns the entry, or None when
        the response may not be stored. Raises ``OSError`` when the folder cannot be written; no
        partial file is left behind.
        """
        now = time.time()
        key = cache_key(url)
        body_path, meta_path = self._paths(key)
        old = self.lookup(url) if body is None else None
        if body is None:
            if old is None:
                return None
            # A 304 need not repeat the validators; the stored ones still hold.
            kept = {
                "etag": old.etag,
                "last-modified": old.last_modified,
                "content-type": old.content_type,
            }
            headers = {k: v for k, v in kept.items() if v} | headers
        policy = CachePolicy.from_headers(headers, now)
        if not policy.store:
            self.remove(url)
            return None
        size = len(body) if body is not None else (old.size if old else 0)
        meta = {
            "v": _FORMAT_VERSION,
            "url": stable_url(url),
            "etag": headers.get("etag") or (old.etag if old else None),
            "last_modified": headers.get("last-modified") or (old.last_modified if old else None),
            "content_type": headers.get("content-type") or (old.content_type if old else None),
            "stored_at": now,
            "max_age": policy.max_age,
            "size": size,
        }
        # A folder not made yet or deleted is made (on a miss, not with a mkdir per image); an
        # OSError (read-only, full) is the caller's to report: the cache is only an optimisation,
        # the image is shown all the same.
        encoded = json.dumps(meta).encode("utf-8")
        try:
            _write_entry(body_path, meta_path, body, encoded)
        except FileNotFoundError:
            body_path.parent.mkdir(parents=True, exist_ok=True)
            _write_entry(body_path, meta_path, body, encoded)
        if body is not None:
            self._grow(len(body))
        # Built from what was just written rather than read back: a re-read, JSON parse, stat and
        # utime per stored image were a measurable share of a whole-video scan.
        return CachedResponse(
            key=key,
            body_path=body_path,
            etag=_str_or_none(meta["etag"]),
            last_modified=_str_or_none(meta["last_modified"]),
            content_type=_str_or_none(meta["content_type"]),
            stored_at=now,
            max_age=policy.max_age,
            size=size,
        )

    def remove(self, url: str) -> None:
        for path in self._paths(cache_key(url)):
            with contextlib.suppress(OSError):
                path.unlink()

    def total_bytes(self) -> int:
        """Bytes of stored bodies (scans the folder once, then kept up to date)."""
        with self._lock:
            if self._total is None:
                self._total = sum(p.stat().st_size for p in self.directory.glob("*/*.body"))
            return self._total

    def _grow(self, size: int) -> None:
        total = self.total_bytes()
        with self._lock:
            self._total = total + size
        if self._total > self.max_bytes:
            self.prune(int(self.max_bytes * 0.9))

    def prune(self, target_bytes: int) -> None:
        """Delete least recently used entries until the bodies take at most ``target_bytes``."""
        entries: list[tuple[float, int, Path, Path]] = []
        for meta_path in self.directory.glob("*/*.json"):
            body_path = meta_path.with_suffix(".body")
            try:
                entries.append(
                    (meta_path.stat().st_mtime, body_path.stat().st_size, body_path, meta_path)
                )
            except OSError:
                continue
        entries.sort()
        total = sum(e[1] for e in entries)
        for _, size, body_path, meta_path in entries:
            if total <= target_bytes:
                break
            for path in (meta_path, body_path):
                with contextlib.suppress(OSError):
                    path.unlink()
            total -= size
        with self._lock:
            self._total = total


def _write_entry(body_path: Path, meta_path: Path, body: bytes | None, meta: bytes) -> None:
    if body is not None:
        _atomic_write(body_path, body)
    try:
        _atomic_write(meta_path, meta)
    except OSError:
        if body is not None:
            with contextlib.suppress(OSError):
                body_path.unlink()  # a body without its metadata is never found nor pruned
        raise


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()  # a full disk leaves a partial file: do not let it take the space
        raise


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _float_or_none(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
