"""The HTTP disk cache's file format: one file per cached image, a small binary header (validators,
freshness, the token-free URL, the body's length and CRC-32) followed by the body itself.

Why one file: the first format kept each entry in two files, the body and a JSON metadata file,
each written as a temporary file and renamed — four file operations per stored image, and on
this machine creating a file costs 250–500 µs of kernel time, so a cold whole-video scan spent
more on its disk cache than on half its decoding (docs/performance.md, run 6). One file written
once and renamed into place keeps the old guarantee — a reader sees a whole entry or none — with
half the file operations, and a packed header instead of JSON costs a few microseconds of Python.

What protects against serving wrong bytes: the header's lengths must add up to the file's size,
the stored URL must be the one looked up, and :func:`read_entry` checks the body's CRC-32, so a
file cut short or scribbled over by a crash reads as a miss, never as a picture.
"""

from __future__ import annotations

import math
import os
import struct
import threading
import zlib
from dataclasses import dataclass

MAGIC = b"SVHC"
VERSION = 2  # 1 was the two-file format (``.body`` + ``.json``)
SUFFIX = ".entry"

# magic, version, 3 pad bytes, stored_at, max_age (NaN: none), body size, body CRC-32, and the
# byte lengths of the URL, ETag, Last-Modified and Content-Type that follow the fixed part.
_FIXED = struct.Struct("<4sB3xddQI4I")
_FIRST_READ = 4096  # a header with its strings almost always fits; longer ones are read on


class EntryError(OSError):
    """The file is not a whole, readable entry of this format (treated as a miss)."""


@dataclass(frozen=True, slots=True)
class EntryHeader:
    url: str
    etag: str | None
    last_modified: str | None
    content_type: str | None
    stored_at: float
    max_age: float | None
    body_size: int
    body_crc: int
    body_offset: int


def _text(value: str | None) -> bytes:
    return value.encode("utf-8", "surrogateescape") if value else b""


def _untext(raw: bytes) -> str | None:
    return raw.decode("utf-8", "surrogateescape") if raw else None


def encode_entry(
    url: str,
    etag: str | None,
    last_modified: str | None,
    content_type: str | None,
    stored_at: float,
    max_age: float | None,
    body: bytes,
) -> bytes:
    """The whole file: header and body."""
    strings = [_text(url), _text(etag), _text(last_modified), _text(content_type)]
    fixed = _FIXED.pack(
        MAGIC,
        VERSION,
        stored_at,
        math.nan if max_age is None else max_age,
        len(body),
        zlib.crc32(body),
        *(len(s) for s in strings),
    )
    return b"".join((fixed, *strings, body))


def _parse(head: bytes, file_size: int) -> EntryHeader:
    if len(head) < _FIXED.size:
        raise EntryError("cache entry too short")
    magic, version, stored_at, max_age, body_size, crc, *lengths = _FIXED.unpack_from(head)
    if magic != MAGIC or version != VERSION:
        raise EntryError("not a cache entry of this version")
    offset = _FIXED.size + sum(lengths)
    if offset + body_size != file_size or len(head) < offset:
        raise EntryError("cache entry of the wrong size")
    strings: list[str | None] = []
    at = _FIXED.size
    for length in lengths:
        strings.append(_untext(head[at : at + length]))
        at += length
    return EntryHeader(
        url=strings[0] or "",
        etag=strings[1],
        last_modified=strings[2],
        content_type=strings[3],
        stored_at=stored_at,
        max_age=None if math.isnan(max_age) else max_age,
        body_size=body_size,
        body_crc=crc,
        body_offset=offset,
    )


def read_header(path: str, *, touch: bool = False) -> EntryHeader:
    """The header of the entry at ``path`` (``touch``: also mark it used now, for eviction).
    Raises ``OSError`` (``FileNotFoundError`` for a miss, :class:`EntryError` for a bad file)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        head = os.read(fd, _FIRST_READ)
        if len(head) >= _FIXED.size:
            lengths = _FIXED.unpack_from(head)[-4:]
            wanted = _FIXED.size + sum(lengths)
            if len(head) < wanted <= size:
                head += os.pread(fd, wanted - len(head), len(head))
        header = _parse(head, size)
        if touch:
            os.utime(fd)
        return header
    finally:
        os.close(fd)


def read_entry(path: str) -> tuple[EntryHeader, bytes]:
    """The header and the body, whose CRC-32 is checked. Raises ``OSError`` as :func:`read_header`."""
    with open(path, "rb") as file:
        data = file.read()
    header = _parse(data, len(data))
    body = data[header.body_offset :]
    if zlib.crc32(body) != header.body_crc:
        raise EntryError("cache entry body does not match its checksum")
    return header, body


def write_entry(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then a rename,
    so a reader (or a process killed mid-write) never leaves half an entry under the real name. A
    temporary file is removed when writing fails; one left by a killed process is removed by the
    cache's pruning."""
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)  # a full disk leaves a partial file: do not let it take the space
        except OSError:
            pass
        raise
