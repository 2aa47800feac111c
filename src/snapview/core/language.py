"""Which interface language to use, as pure rules: the spellings users type for the two shipped
languages, and the order of precedence (``--lang``, then the stored setting, then the system's).
Loading the translations and the View → Language menu are the UI's (``ui/shell/language.py``)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# Languages snapview ships, by the code used in settings, ``--lang`` and file names.
LANGUAGES = ("zh_CN", "en")
SETTING_KEY = "language"
SYSTEM = "system"

_ALIASES = {
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh-cn": "zh_CN",
    "zh_hans": "zh_CN",
    "zh-hans": "zh_CN",
    "zh_hans_cn": "zh_CN",
    "zh-hans-cn": "zh_CN",
    "cn": "zh_CN",
    "en": "en",
    "en_us": "en",
    "en-us": "en",
    "en_gb": "en",
    "en-gb": "en",
    "c": "en",
}


class LanguageError(ValueError):
    """An interface language snapview does not know (from ``--lang``)."""


def normalize_language(value: str) -> str:
    """``"zh_CN"`` or ``"en"`` for the usual spellings (``zh-CN``, ``zh``, ``en_US``…); else LanguageError."""
    code = _ALIASES.get(value.strip().lower())
    if code is None:
        raise LanguageError(
            f"unknown interface language {value!r}; use one of: {', '.join(LANGUAGES)}"
        )
    return code


def language_of_locales(ui_languages: list[str]) -> str:
    """The shipped language closest to the desktop's preferred ``ui_languages`` (BCP 47 names): any
    Chinese locale gets Simplified Chinese (closer for zh_TW/zh_HK readers than English), everything
    else English."""
    for ui_language in ui_languages:
        if ui_language.lower().startswith("zh"):
            return "zh_CN"
        if ui_language.lower().startswith("en"):
            return "en"
    return "en"


def choose_language(cli_language: str | None, stored: object, system: str) -> str:
    """The language to use: ``--lang`` wins, then the stored setting, then ``system``.

    A broken setting falls back to the system language (the user cannot fix it from the command line
    they did not type); an unknown ``--lang`` raises LanguageError so the user sees the typo.
    """
    if cli_language:
        return normalize_language(cli_language)
    if isinstance(stored, str) and stored != SYSTEM:
        try:
            return normalize_language(stored)
        except LanguageError:
            log.info("ignoring unknown language setting %r; using the system language", stored)
    return system
