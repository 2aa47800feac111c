"""The diagnostic bundle behind Help → Report a problem…: what support needs to reproduce a problem
(snapview's version, the platform, the Qt and PySide versions, the settings, the last log lines), in
one ``.zip`` or ``.txt`` file the user chooses and can read before sending it.

Everything that goes into the bundle passes through :func:`snapview.core.redaction.redact` at the
moment it is written, whatever was redacted before: the log file may come from an older version, a
setting may hold a URL with a token. Settings keys that name a secret are dropped outright. A file
that cannot be written raises :class:`DiagnosticsWriteError`, whose sentence says where and why.
"""

from __future__ import annotations

import errno
import json
import os
import platform
import re
import sys
import tempfile
import zipfile
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from snapview import __version__
from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import MASK, redact
from snapview.paths import log_dir

LOG_LINES = 500
LOG_FILE_NAME = "snapview.log"
_SECRET_NAME = ("secret", "password", "token", "signature", "credential")


class DiagnosticsWriteError(UserFacingError):
    """The bundle could not be written to the chosen file."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.error = error
        super().__init__()

    @property
    def user_message(self) -> Message:
        code = self.error.errno
        if code in (errno.EACCES, errno.EPERM, errno.EROFS):
            template = QT_TRANSLATE_NOOP(
                "Diagnostics",
                "The report could not be saved: the folder {folder} is not writable. "
                "Choose another folder, for example your Desktop or Documents.",
            )
        elif code in (errno.ENOENT, errno.ENOTDIR):
            template = QT_TRANSLATE_NOOP(
                "Diagnostics",
                "The report could not be saved: the folder {folder} does not exist. "
                "Choose another folder.",
            )
        elif code == errno.ENOSPC:
            template = QT_TRANSLATE_NOOP(
                "Diagnostics",
                "The report could not be saved: the disk holding {folder} is full.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "Diagnostics", "The report could not be saved to {folder}: {reason}"
            )
        return Message(
            "Diagnostics",
            template,
            {"folder": str(self.path.parent), "reason": self.error.strerror or str(self.error)},
        )


@dataclass(frozen=True)
class Diagnostics:
    """The bundle's parts, each already redacted: ``about`` (versions, platform), ``settings``
    (JSON) and ``log`` (the last lines)."""

    about: str
    settings: str
    log: str

    def as_text(self) -> str:
        return (
            f"== snapview diagnostic report ==\n{self.about}\n"
            f"== settings ==\n{self.settings}\n"
            f"== last {LOG_LINES} log lines ==\n{self.log}"
        )


def log_folder() -> Path:
    """Where the app writes ``snapview.log`` (and its rotated copies)."""
    return log_dir()


def _qt_versions() -> tuple[str, str]:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except ImportError:  # the CLI may run without Qt installed
        return "not installed", "not installed"
    return qVersion(), PySide6.__version__


def about_text(now: datetime | None = None) -> str:
    qt, pyside = _qt_versions()
    when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    lines = {
        "snapview": __version__,
        "created": when,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "qt": qt,
        "pyside6": pyside,
        "qt_platform": os.environ.get("QT_QPA_PLATFORM", "default"),
        "language": os.environ.get("LANG", ""),
    }
    return "".join(f"{key}: {value}\n" for key, value in lines.items())


def _looks_secret(key: str) -> bool:
    """A key that names a secret: "secret", "password"… anywhere in it, or "sk" as a word."""
    name = key.casefold().replace("-", "_")
    if name.startswith(("uses_", "has_")) or name == "signature_version":
        return False
    return any(part in name for part in _SECRET_NAME) or "sk" in re.split(r"[^a-z0-9]+", name)


def scrub_settings(value: Any) -> Any:
    """A copy of the settings with each key that names a secret masked, at any depth."""
    if isinstance(value, Mapping):
        return {
            str(k): (MASK if _looks_secret(str(k)) else scrub_settings(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_settings(v) for v in value]
    return value


def last_log_lines(folder: Path, count: int = LOG_LINES) -> str:
    """The last ``count`` lines of the log (reading the rotated ``.1`` first when the current
    file is short), or a note saying why there is none."""
    current = folder / LOG_FILE_NAME
    lines: deque[str] = deque(maxlen=count)
    found = False
    for path in (folder / f"{LOG_FILE_NAME}.1", current):
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                lines.extend(handle)
            found = True
        except OSError:
            continue
    if not found:
        return f"(no log file in {folder})\n"
    return "".join(lines)


def read_settings(path: Path) -> Any:
    """The settings file as it is on disk (what the app would start with), or a note why not."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        return {"unreadable": f"{type(exc).__name__}: {exc}"}


def collect(settings: Any, folder: Path | None = None) -> Diagnostics:
    """The redacted bundle for these ``settings`` (as read by :func:`read_settings`) and the log in
    ``folder`` (the app's by default)."""
    scrubbed = json.dumps(scrub_settings(settings), ensure_ascii=False, indent=2, sort_keys=True)
    log_text = last_log_lines(folder or log_folder())
    return Diagnostics(about=redact(about_text()), settings=redact(scrubbed), log=redact(log_text))


def write_bundle(path: Path, diagnostics: Diagnostics) -> Path:
    """Write ``diagnostics`` to ``path``: a zip of three files for ``.zip``, one text file otherwise.

    Written to a temporary file beside it first, then renamed: a failed write never leaves half a
    report under the chosen name (nor replaces an older one)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".snapview-report-", dir=path.parent)
    except OSError as exc:
        raise DiagnosticsWriteError(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if path.suffix.casefold() == ".zip":
                with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                    bundle.writestr("about.txt", diagnostics.about)
                    bundle.writestr("settings.json", diagnostics.settings)
                    bundle.writestr("snapview-last-lines.log", diagnostics.log)
            else:
                handle.write(diagnostics.as_text().encode("utf-8"))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DiagnosticsWriteError(path, exc) from exc
    return path
