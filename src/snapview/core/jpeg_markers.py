"""Whether a JPEG file is complete: it must end with the end-of-image marker (``FF D9``).

libjpeg (and so Qt's JPEG reader) decodes a JPEG that was cut short without an error: it warns
"Premature end of JPEG file" and fills the missing rows with grey, so a truncated snapshot would
otherwise look like a valid image with a grey lower part. Inside the entropy-coded data every
``FF`` byte is followed by ``00`` or a restart marker, so ``FF D9`` can only be a real marker.
Encoders and CDNs sometimes append padding after it, hence the search over a short tail.
"""

from __future__ import annotations

END_OF_IMAGE = b"\xff\xd9"
# Trailing bytes tolerated after the marker (zero padding, a CDN's appended newline).
MAX_TRAILER = 64


def jpeg_truncated(data: bytes) -> bool:
    """True for a JPEG (starts with SOI) whose end-of-image marker is missing from its tail."""
    if not data.startswith(b"\xff\xd8"):
        return False
    return END_OF_IMAGE not in data[-(MAX_TRAILER + len(END_OF_IMAGE)) :]
