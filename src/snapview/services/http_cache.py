"""A small HTTP disk cache for snapshot images that honours validators, so reopening a video
revalidates each image with ``If-None-Match`` / ``If-Modified-Since`` and reuses the stored body on
``304 Not Modified`` instead of downloading it again.

Why not hishel: snapshot URLs carry volatile signing tokens (``auth_key``, ``auth_info``,
``Expires``/``Signature``/``OSSAccessKeyId``) that change every time ListSnapshots is called, so the
cache key must be the URL *without* them; the pipeline also needs to decide itself which responses
are stored (only bodies that decoded as images) and to read bodies in its own worker thread. A plain
folder of content-addressed files does that in a page of code (one file per entry, its format in
``cache_entry.py``). File names are SHA-256 digests of the token-free URL and the header keeps only
the token-free URL, so no secret ever reaches the disk.

All methods do blocking file I/O: call them from a worker thread, never from the GUI thread.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from snapview.services.cache_entry import SUFFIX as ENTRY_SUFFIX
from snapview.services.cache_entry import (
    EntryError,
    EntryHeader,
    encode_entry,
    read_entry,
    read_header,
    write_entry,
)

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


def stable_url(url: str) -> str:
    """``url`` without its signing tokens and fragment, remaining query sorted: the cache identity.
    A link Python cannot split (``http://[::1/a.jpg``) is its own identity: it is never fetched
    (the downloader says it is a bad link), and asking the cache about it must not raise."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
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
    return _identity(url)[1]


@functools.lru_cache(maxsize=4096)
def _identity(url: str) -> tuple[str, str]:
    """The token-free URL and its key. Kept for the last few thousand links: a scan looks each
    one up (the scanner's fingerprint, the pipeline's lookup) and stores it, and the parse and
    digest cost more Python than the rest of a lookup."""
    stable = stable_url(url)
    return stable, hashlib.sha256(stable.encode("utf-8")).hexdigest()


def has_volatile_token(url: str) -> bool:
    """Whether the URL is signed (so a 403 most likely means the signature expired)."""
    return any(k.lower() in VOLATILE_QUERY_PARAMS for k, _ in parse_qsl(urlsplit(url).query))


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """What the cache knows about one stored body (the body itself stays on disk until read)."""

    key: str
    path: Path
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
        """The stored body; ``OSError`` when it is gone, damaged, or no longer this entry (a newer
        store replaced it: its validators are not the ones this entry's request was sent with)."""
        header, body = read_entry(str(self.path))
        if header.stored_at != self.stored_at or header.etag != self.etag:
            raise EntryError("cache entry replaced since it was looked up")
        return body


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
    """Bodies and their validators in ``directory``, bounded to ``max_bytes`` (oldest use evicted).

    One file per entry (``services/cache_entry.py``); files of the older two-file format
    (``.body`` + ``.json``) are never read — a lookup misses and the image is fetched again — but
    count towards the bound and are evicted first, since nothing marks them used any more.
    """

    def __init__(self, directory: Path, *, max_bytes: int = 1024 * 2**20) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._total: int | None = None
        self._folder = os.fspath(self.directory)

    def _path(self, key: str) -> str:
        return f"{self._folder}/{key[:2]}/{key}{ENTRY_SUFFIX}"

    def may_hold(self, url: str) -> bool:
        """Whether an entry file for ``url`` exists (one ``stat``; False is a sure miss)."""
        return os.path.exists(self._path(_identity(url)[1]))

    def lookup(self, url: str) -> CachedResponse | None:
        """The stored entry for ``url`` (tokens ignored), or None; unreadable entries count as absent."""
        stable, key = _identity(url)
        path = self._path(key)
        try:
            header = read_header(path, touch=True)  # touched: recently used, for eviction
        except OSError:
            return None
        if header.url != stable:
            return None
        return _response(key, path, header)

    def store(self, url: str, body: bytes | None, headers: dict[str, str]) -> CachedResponse | None:
        """Store a 200 body (or, with ``body=None`` after a 304, refresh the stored entry's headers).

        ``headers`` are the response headers with lower-case names. Returns the entry, or None when
        the response may not be stored. Raises ``OSError`` when the folder cannot be written; no
        partial file is left behind.
        """
        now = time.time()
        stable, key = _identity(url)
        path = self._path(key)
        etag = headers.get("etag")
        last_modified = headers.get("last-modified")
        content_type = headers.get("content-type")
        if body is None:
            # A 304 need not repeat the validators; the stored ones still hold. The body is
            # written again with the new freshness (one file per entry).
            try:
                old, body = read_entry(path)
            except OSError:
                return None
            if old.url != stable:
                return None
            etag = etag or old.etag
            last_modified = last_modified or old.last_modified
            content_type = content_type or old.content_type
            kept = {"etag": etag, "last-modified": last_modified, "content-type": content_type}
            headers = {k: v for k, v in kept.items() if v} | headers
        policy = CachePolicy.from_headers(headers, now)
        if not policy.store:
            self.remove(url)
            return None
        data = encode_entry(stable, etag, last_modified, content_type, now, policy.max_age, body)
        # A folder not made yet or deleted is made (on a miss, not with a mkdir per image); an
        # OSError (read-only, full) is the caller's to report: the cache is only an optimisation,
        # the image is shown all the same.
        try:
            write_entry(path, data)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_entry(path, data)
        self._grow(len(data))
        # Built from what was just written rather than read back: a re-read and parse per stored
        # image were a measurable share of a whole-video scan.
        return CachedResponse(
            key=key,
            path=Path(path),
            etag=etag or None,
            last_modified=last_modified or None,
            content_type=content_type or None,
            stored_at=now,
            max_age=policy.max_age,
            size=len(body),
        )

    def remove(self, url: str) -> None:
        stem = self._path(cache_key(url)).removesuffix(ENTRY_SUFFIX)
        for suffix in (ENTRY_SUFFIX, *_OLD_SUFFIXES):
            with contextlib.suppress(OSError):
                os.unlink(stem + suffix)

    def total_bytes(self) -> int:
        """Bytes of stored entries (scans the folder once, then kept up to date)."""
        with self._lock:
            if self._total is None:
                self._total = sum(size for _, size, _ in self._entries())
            return self._total

    def recount(self) -> int:
        """Bytes the folder holds now, counted again — other processes write to it too (the scan's
        workers, each keeping its own count) — after evicting the least recently used entries if
        that is over the bound."""
        with self._lock:
            self._total = None
        if self.total_bytes() > self.max_bytes:
            self.prune(int(self.max_bytes * 0.9))
        return self.total_bytes()

    def _grow(self, size: int) -> None:
        total = self.total_bytes()
        with self._lock:
            self._total = total + size
        if self._total > self.max_bytes:
            self.prune(int(self.max_bytes * 0.9))

    def _entries(self) -> list[tuple[float, int, tuple[Path, ...]]]:
        """(last use, bytes, files) of every entry, either format. Temporary files a killed
        process left (over an hour old) are deleted on the way."""
        out: list[tuple[float, int, tuple[Path, ...]]] = []
        stale = time.time() - _STALE_TMP_S
        for path in self.directory.glob("*/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            name = path.name
            if name.endswith(ENTRY_SUFFIX):
                out.append((info.st_mtime, info.st_size, (path,)))
            elif name.endswith(".json"):  # the two-file format: its metadata, then its body
                body = path.with_suffix(".body")
                with contextlib.suppress(OSError):
                    out.append((info.st_mtime, info.st_size + body.stat().st_size, (path, body)))
            elif name.endswith(".body") and not path.with_suffix(".json").exists():
                out.append((info.st_mtime, info.st_size, (path,)))  # its metadata never written
            elif name.endswith(".tmp") and info.st_mtime < stale:
                with contextlib.suppress(OSError):
                    path.unlink()
        return out

    def prune(self, target_bytes: int) -> None:
        """Delete least recently used entries until they take at most ``target_bytes``."""
        entries = self._entries()
        entries.sort()
        total = sum(e[1] for e in entries)
        for _, size, paths in entries:
            if total <= target_bytes:
                break
            for path in paths:
                with contextlib.suppress(OSError):
                    path.unlink()
            total -= size
        with self._lock:
            self._total = total


_OLD_SUFFIXES = (".json", ".body")  # the two-file format
_STALE_TMP_S = 3600.0  # a temporary file this old belongs to no write still running


def _response(key: str, path: str, header: EntryHeader) -> CachedResponse:
    return CachedResponse(
        key=key,
        path=Path(path),
        etag=header.etag,
        last_modified=header.last_modified,
        content_type=header.content_type,
        stored_at=header.stored_at,
        max_age=header.max_age,
        size=header.body_size,
    )
