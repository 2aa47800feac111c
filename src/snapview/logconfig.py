"""Logging for the whole app: one logger per module, secrets redacted before formatting.

Every module logs through ``logging.getLogger(__name__)``, so a logger's name is the module's
(``snapview.services.vod_client``, ``snapview.services.credentials.backend``, ``snapview.app``…)
and all of them sit under the ``snapview`` logger configured here. Every handler installed here
formats through :class:`RedactingFormatter`, so a secret can reach neither the rotating log file in
the platform log directory nor the console, whether it sits in the message, its arguments or a
traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from snapview.core.redaction import redact
from snapview.paths import log_dir

ROOT_LOGGER = "snapview"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_MARK = "_snapview_handler"


class RedactingFormatter(logging.Formatter):
    """A formatter whose output (message, args, exception and stack text) never holds a secret."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(verbosity: int = 0, *, to_file: bool = True) -> Path | None:
    """Install the rotating file handler (always DEBUG) and, with ``-v``, a console handler.

    Idempotent: calling it again replaces the handlers it installed before. Returns the log file.
    """
    root = logging.getLogger(ROOT_LOGGER)
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG)
    formatter = RedactingFormatter(_FORMAT)
    path: Path | None = None
    if to_file:
        directory = log_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / "snapview.log"
            file_handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=3, encoding="utf-8", delay=True
            )
        except OSError:
            path = None
        else:
            file_handler.setLevel(logging.DEBUG)
            file_handler.setFormatter(formatter)
            setattr(file_handler, _MARK, True)
            root.addHandler(file_handler)
    if verbosity > 0:
        console = logging.StreamHandler()
        console.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
        console.setFormatter(formatter)
        setattr(console, _MARK, True)
        root.addHandler(console)
    else:
        # Without -v only our own warnings reach stderr, still redacted.
        console = logging.StreamHandler()
        console.setLevel(logging.ERROR)
        console.setFormatter(formatter)
        setattr(console, _MARK, True)
        root.addHandler(console)
    root.propagate = False
    # httpx/httpcore log every request line at INFO/DEBUG, and a V1-signed request line carries
    # its Signature (and STS token) in the query: keep them quiet, whatever else configures logging.
    for noisy in ("httpx", "httpcore", "hishel", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
