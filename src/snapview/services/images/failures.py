"""Why a tile has no picture: the failure kinds, the error that carries one through the pipeline, and
the plain sentences a user reads for each (translatable, in the "Images" context).

A failure is either a property of the image or its link (not found, corrupt, too large, not an
image, a link that cannot be fetched), something that may pass (a timeout, a network error, a
server error, an expired signature), or a fault on this computer (a scratch file or the cache
folder could not be written). The last kind is never reported as a network error: it says
"local" and is retried, because it usually goes away by itself. The sentences of transport
failures need httpx's exception types, so they live with the downloads (``download.py``), which
load in the pipeline's worker thread.
"""

from __future__ import annotations

from enum import StrEnum

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.services.http_cache import has_volatile_token


class FailureKind(StrEnum):
    NOT_FOUND = "not_found"  # 404 / 410
    EXPIRED = "expired"  # 403 on a signed link (and a refreshed link did not help)
    HTTP = "http"  # any other unexpected status
    UNDECODABLE = "undecodable"  # an image format, but corrupt or truncated ("corrupt")
    NOT_AN_IMAGE = "not_an_image"  # e.g. an HTML error page served with 200, or an empty body
    TIMEOUT = "timeout"  # a download deadline passed (connect, first byte, whole body)
    NETWORK = "network"  # connection refused, reset, DNS, TLS, a body cut short
    TOO_LARGE = "too_large"  # pixel count or file size over the limits (decompression bombs)
    BAD_LINK = "bad_link"  # the URL cannot be fetched at all (scheme, syntax, unencodable text)
    LOCAL = "local"  # a fault on this computer (scratch file, unexpected error), never the network


# Failures worth retrying soon; remembered only briefly so a repaint does not hammer the server,
# but a scroll back a little later tries again.
TRANSIENT_KINDS = frozenset(
    {FailureKind.TIMEOUT, FailureKind.NETWORK, FailureKind.EXPIRED, FailureKind.LOCAL}
)
# Failures of one link rather than of the image: a new link for the same tile is tried at once.
LINK_KINDS = frozenset({FailureKind.EXPIRED, FailureKind.BAD_LINK})


def is_transient(kind: FailureKind | None, http_status: int | None) -> bool:
    """Whether a failure may go away by itself (retry later) rather than being a property of the image."""
    if kind in TRANSIENT_KINDS:
        return True
    status = http_status or 0
    return kind is FailureKind.HTTP and (status in (408, 425, 429) or status >= 500)


class ImageFetchError(UserFacingError):
    """One tile's failure: its kind, the sentence for the user and the HTTP status if there was one."""

    def __init__(self, kind: FailureKind, message: Message, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


def msg(template: str, **params: object) -> Message:
    return Message("Images", template, params)


# -- statuses -------------------------------------------------------------------------------------


def classify_status(status: int, url: str, tengine: str = "") -> ImageFetchError:
    """The failure for an HTTP status that is not a success (``tengine``: Alibaba's error header)."""
    if status in (404, 410):
        return ImageFetchError(
            FailureKind.NOT_FOUND,
            msg(QT_TRANSLATE_NOOP("Images", "Not found (HTTP {status})"), status=status),
            status,
        )
    if status == 403 and (
        has_volatile_token(url) or "expired" in tengine.lower() or "auth" in tengine.lower()
    ):
        return ImageFetchError(
            FailureKind.EXPIRED,
            msg(QT_TRANSLATE_NOOP("Images", "Link expired (HTTP {status})"), status=status),
            status,
        )
    if status == 403:
        return ImageFetchError(
            FailureKind.HTTP,
            msg(QT_TRANSLATE_NOOP("Images", "Access denied (HTTP {status})"), status=status),
            status,
        )
    return ImageFetchError(
        FailureKind.HTTP,
        msg(QT_TRANSLATE_NOOP("Images", "Server answered HTTP {status}"), status=status),
        status,
    )


# -- transport ------------------------------------------------------------------------------------


def no_answer_within(seconds: float) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.TIMEOUT,
        msg(
            QT_TRANSLATE_NOOP("Images", "Timed out: no answer within {seconds} s"),
            seconds=f"{seconds:g}",
        ),
    )


def download_took_longer(seconds: float) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.TIMEOUT,
        msg(
            QT_TRANSLATE_NOOP("Images", "Timed out: the download took longer than {seconds} s"),
            seconds=f"{seconds:g}",
        ),
    )


def bad_link(detail: str) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.BAD_LINK,
        msg(QT_TRANSLATE_NOOP("Images", "Cannot fetch this link: {error}"), error=detail),
    )


def unencodable_link(url: str) -> ImageFetchError | None:
    """The failure for a URL holding text that cannot be sent (a lone surrogate), else None."""
    try:
        url.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = url[exc.start]
        return ImageFetchError(
            FailureKind.BAD_LINK,
            msg(
                QT_TRANSLATE_NOOP(
                    "Images", "Cannot fetch this link: it contains an invalid character ({char})"
                ),
                char=f"U+{ord(char):04X}",
            ),
        )
    return None


# -- the body ---------------------------------------------------------------------------------------


def too_big(size: int, status: int | None = None) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.TOO_LARGE,
        msg(
            QT_TRANSLATE_NOOP("Images", "Image file too large ({megabytes} MB)"),
            megabytes=f"{size / 2**20:.1f}",
        ),
        status,
    )


def not_an_image(label: str, status: int | None = None) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.NOT_AN_IMAGE,
        msg(QT_TRANSLATE_NOOP("Images", "Not an image ({content_type})"), content_type=label),
        status,
    )


def empty_body(status: int | None = None) -> ImageFetchError:
    return ImageFetchError(
        FailureKind.NOT_AN_IMAGE,
        msg(QT_TRANSLATE_NOOP("Images", "Not an image: the server sent an empty file")),
        status,
    )


# -- this computer ----------------------------------------------------------------------------------


def local_failure(error: OSError) -> ImageFetchError:
    """A fault on this computer while preparing the decode (a scratch file could not be written)."""
    return ImageFetchError(
        FailureKind.LOCAL,
        msg(
            QT_TRANSLATE_NOOP("Images", "Local error (this computer, not the network): {error}"),
            error=os_error_text(error),
        ),
    )


def unexpected_failure(error: BaseException) -> ImageFetchError:
    """A bug, not a property of the image or the network: the tile stays explainable."""
    return ImageFetchError(
        FailureKind.LOCAL,
        msg(QT_TRANSLATE_NOOP("Images", "Unexpected error: {error}"), error=type(error).__name__),
    )


def cache_not_writable(folder: str, error: OSError) -> Message:
    """The pipeline-wide notice when the disk cache cannot be written; the images still load."""
    return msg(
        QT_TRANSLATE_NOOP(
            "Images",
            "Local error: the image cache folder {folder} cannot be written ({error}). "
            "Images are still shown, but not kept on disk.",
        ),
        folder=folder,
        error=os_error_text(error),
    )


def os_error_text(error: OSError) -> str:
    """``strerror`` without the path (paths are shown separately, or are scratch names)."""
    return error.strerror or type(error).__name__


def loggable(text: str) -> str:
    """``text`` safe for any log handler: characters that cannot be encoded (lone surrogates) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
