"""Where snapview keeps its files: settings (config dir), HTTP and image caches (cache dir), logs
(log dir) and review decisions (data dir), from platformdirs. ``SNAPVIEW_CONFIG_DIR``,
``SNAPVIEW_CACHE_DIR``, ``SNAPVIEW_LOG_DIR`` and ``SNAPVIEW_DATA_DIR`` override them (the test suite
uses that to keep every file it writes in one place it can scan for leaked secrets). Secrets are never stored in
any of these directories."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from snapview import APP_NAME, ORG_NAME


def _dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return Path(override) if override else Path(default)


def config_dir() -> Path:
    return _dir("SNAPVIEW_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, ORG_NAME))


def cache_dir() -> Path:
    return _dir("SNAPVIEW_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, ORG_NAME))


def log_dir() -> Path:
    return _dir("SNAPVIEW_LOG_DIR", platformdirs.user_log_dir(APP_NAME, ORG_NAME))


def data_dir() -> Path:
    """Files the user would miss if they were deleted (the review store), unlike the caches."""
    return _dir("SNAPVIEW_DATA_DIR", platformdirs.user_data_dir(APP_NAME, ORG_NAME))


def settings_file() -> Path:
    """The INI file behind QSettings (non-secret preferences and profiles)."""
    return config_dir() / "snapview.ini"
