"""What a downloaded body is, from its bytes alone: its image format, its pixel size from the header,
whether the file is complete, and whether it is evidently text (an error page) instead.

The image pipeline asks these questions before it hands a body to Qt: the format so Qt never probes
plugins with our data (see ``services/images/decode.py``), the pixel size so a decompression bomb
is refused and the decode memory can be reserved before a single pixel is allocated, and the
completeness so a truncated file is reported as corrupt instead of shown as a half-grey thumbnail.
libjpeg only *warns* when the data ends early ("premature end of data segment") and Qt returns the
grey-filled image as a success; the marker walk below finds the same condition without decoding.

Pure functions over ``bytes``; no Qt, no I/O. Each reads a few header bytes, except
:func:`truncation`, which for a JPEG without its end marker at the end walks the segments once.
"""

from __future__ import annotations

from collections.abc import Iterator

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x01\x00", "ico"),
)

_TEXTUAL_MEDIA_TYPES = frozenset(
    {"application/json", "application/xml", "application/xhtml+xml", "application/javascript"}
)

# JPEG start-of-frame markers that carry the frame size (not DHT C4, JPG C8 or DAC CC).
_SOF_MARKERS = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
_EOI, _SOS = 0xD9, 0xDA

# What :func:`truncation` says; every one but BAD_LENGTH means the file was cut short.
ENDS_IN_DATA = "the file ends before the image data does"
ENDS_IN_HEADER = "the file ends inside a header"
ENDS_IN_CHUNK = "the file ends inside its last chunk"
SHORTER_THAN_HEADER = "the file is shorter than its header says"
BAD_LENGTH = "a header has an impossible length"


def sniff_image_type(data: bytes) -> str | None:
    """The image format the bytes start with (Qt's format name), or None."""
    for magic, name in _IMAGE_MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1"):
        return data[8:12].decode("ascii")
    return None


def looks_like_text(data: bytes) -> bool:
    """Whether a body is evidently text (an HTML/XML/JSON error page) rather than binary data."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        return True
    if head[:1] in (b"<", b"{", b"["):
        return True
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def is_textual_content_type(content_type: str) -> bool:
    """Whether a ``Content-Type`` header names text (``text/*``, JSON, XML, JavaScript)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in _TEXTUAL_MEDIA_TYPES


def image_dimensions(data: bytes, image_format: str | None = None) -> tuple[int, int] | None:
    """``(width, height)`` from the header of a JPEG, PNG, GIF, BMP or WebP, or None when unknown.

    This is the stored size, before any EXIF rotation; the pixel count is what matters here.
    """
    image_format = image_format or sniff_image_type(data)
    if image_format == "png" and len(data) >= 24 and data[12:16] == b"IHDR":
        return _be(data, 16, 4), _be(data, 20, 4)
    if image_format == "gif" and len(data) >= 10:
        return _le(data, 6, 2), _le(data, 8, 2)
    if image_format == "bmp" and len(data) >= 26:
        width = int.from_bytes(data[18:22], "little", signed=True)
        height = int.from_bytes(data[22:26], "little", signed=True)
        return abs(width), abs(height)
    if image_format == "webp":
        return _webp_dimensions(data)
    if image_format == "jpeg":
        return _jpeg_dimensions(data)
    return None


def truncation(data: bytes, image_format: str | None = None) -> str | None:
    """Why the file is incomplete (a short English phrase), or None when it is whole or unknown.

    JPEG: the data ends before the end-of-image marker (inside a header segment or inside the
    compressed picture, where libjpeg would warn "premature end of data segment"); bytes after the
    marker are ignored, as decoders do. PNG: the data ends before the ``IEND`` chunk. WebP: shorter
    than its RIFF header says. Other formats are not checked.
    """
    image_format = image_format or sniff_image_type(data)
    if image_format == "jpeg":
        return _jpeg_truncation(data)
    if image_format == "png":
        return _png_truncation(data)
    if image_format == "webp" and len(data) >= 12 and _le(data, 4, 4) + 8 > len(data):
        return SHORTER_THAN_HEADER
    return None


# -- JPEG --------------------------------------------------------------------------------------


def _jpeg_walk(data: bytes) -> Iterator[tuple[int, int, str | None]]:
    """``(marker, payload offset, None)`` for each segment in order, then ``(-1, -1, problem)``
    where ``problem`` says why the walk stopped early, or is None at the end-of-image marker."""
    size = len(data)
    pos = 2  # after SOI
    while True:
        pos = data.find(b"\xff", pos)  # anything between segments is skipped, as libjpeg does
        while 0 <= pos < size - 1 and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos < 0 or pos >= size - 1:
            yield -1, -1, ENDS_IN_DATA
            return
        marker = data[pos + 1]
        pos += 2
        if marker == _EOI:
            yield -1, -1, None
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            continue  # markers without a payload
        length = _be(data, pos, 2) if pos + 2 <= size else 0
        if pos + 2 > size or pos + length > size:
            yield -1, -1, ENDS_IN_HEADER
            return
        if length < 2:
            yield -1, -1, BAD_LENGTH
            return
        yield marker, pos + 2, None
        pos += length
        if marker == _SOS:
            pos = _end_of_scan(data, pos)
            if pos < 0:
                yield -1, -1, ENDS_IN_DATA
                return


def _end_of_scan(data: bytes, pos: int) -> int:
    """The offset of the marker that ends the entropy-coded data starting at ``pos``, or -1."""
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos >= size - 1:
            return -1
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2  # a stuffed 0xFF byte or a restart marker: still the same scan
        elif following == 0xFF:
            pos += 1
        else:
            return pos


def _jpeg_truncation(data: bytes) -> str | None:
    # Nearly every whole JPEG ends with its end marker (maybe padded): no walk needed.
    if data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    for marker, _, problem in _jpeg_walk(data):
        if marker < 0:
            return problem
    return None  # not reached: the walk always ends with its verdict


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    for marker, offset, _ in _jpeg_walk(data):
        if marker in _SOF_MARKERS and offset + 5 <= len(data):
            return _be(data, offset + 3, 2), _be(data, offset + 1, 2)
        if marker in (_SOS, -1):
            break  # the frame header comes before the first scan
    return None


# -- PNG, WebP -------------------------------------------------------------------------------


def _png_truncation(data: bytes) -> str | None:
    pos = 8
    while pos + 8 <= len(data):
        length, kind = _be(data, pos, 4), data[pos + 4 : pos + 8]
        end = pos + 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return None if end <= len(data) else ENDS_IN_CHUNK
        pos = end
    return ENDS_IN_DATA


def _webp_dimensions(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return 1 + _le(data, 24, 3), 1 + _le(data, 27, 3)
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return _le(data, 26, 2) & 0x3FFF, _le(data, 28, 2) & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = _le(data, 21, 4)
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None


def _be(data: bytes, offset: int, size: int) -> int:
    return int.from_bytes(data[offset : offset + size], "big")


def _le(data: bytes, offset: int, size: int) -> int:
    return int.from_bytes(data[offset : offset + size], "little")
