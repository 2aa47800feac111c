"""Non-secret preferences in one JSON file in the config directory: profiles (without secrets),
recent videos, zoom, language, window geometry. Writes are atomic (temp file + rename), and a key
that looks like a secret is refused, so a bug can never put a secret on disk."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from snapview.paths import config_dir

log = logging.getLogger(__name__)
_SECRET_KEY = re.compile(r"secret|password|token|signature", re.I)


class SecretInSettingsError(ValueError):
    """Raised when code tries to store something that looks like a secret in the settings file."""


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / "settings.json")
        self._lock = threading.Lock()
        self._data: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); starting with defaults", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        _check_no_secret(key, value)
        with self._lock:
            self._data[key] = value
            self._save()

    def remove(self, key: str) -> None:
        with self._lock:
            if self._data.pop(key, None) is not None:
                self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle, ensure_ascii=False, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _check_no_secret(key: str, value: Any, path: str = "") -> None:
    where = f"{path}.{key}" if path else key
    if (
        _SECRET_KEY.search(key)
        and not key.startswith(("uses_", "has_"))
        and key != "signature_version"
    ):
        raise SecretInSettingsError(f"refusing to store {where!r} in the settings file")
    if isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _check_no_secret(str(sub_key), sub_value, where)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for sub_key, sub_value in item.items():
                    _check_no_secret(str(sub_key), sub_value, where)
