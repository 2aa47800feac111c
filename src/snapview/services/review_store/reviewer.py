"""Who is reviewing: the name stamped on every decision, set once in the settings (``review.reviewer``)
and defaulting to the operating-system user, so nobody types it before their first decision."""

from __future__ import annotations

import getpass
import logging
from typing import Any

from snapview.core.review.decisions import MAX_REVIEWER

log = logging.getLogger("snapview.review")
SETTING_KEY = "review.reviewer"
FALLBACK = "reviewer"


def os_user() -> str:
    try:
        name = getpass.getuser().strip()
    except Exception:  # no login name (some containers): getuser raises OSError or KeyError
        log.info("no OS user name; reviewer defaults to %r", FALLBACK)
        return FALLBACK
    return name or FALLBACK


def reviewer_name(settings: Any | None) -> str:
    """The reviewer from the settings, else the OS user (an unusable setting is ignored)."""
    stored = settings.get(SETTING_KEY) if settings is not None else None
    if isinstance(stored, str) and stored.strip() and len(stored.strip()) <= MAX_REVIEWER:
        return stored.strip()
    return os_user()


def set_reviewer_name(settings: Any, name: str) -> str:
    """Store ``name`` as the reviewer; an empty name goes back to the OS user."""
    name = name.strip()
    if len(name) > MAX_REVIEWER:
        raise ValueError(f"a reviewer name has at most {MAX_REVIEWER} characters")
    if name:
        settings.set(SETTING_KEY, name)
    else:
        settings.remove(SETTING_KEY)
    return reviewer_name(settings)
