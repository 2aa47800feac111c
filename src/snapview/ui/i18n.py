"""The interface language: which one to use (``--lang``, then the ``language`` setting, then the
system locale), loading snapview's and Qt's own translations for it, and the View → Language menu
that stores the choice for the next start.

snapview's translations are ``resources/translations/snapview_<lang>.qm``, built from the committed
``.ts`` files by ``scripts/build_translations.py``. The source strings are English, so English needs no
translator. Qt's ``qtbase_zh_CN.qm`` translates the standard dialog buttons (OK, Cancel…).
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMessageBox, QToolBar

from snapview.resources import resource_path

if TYPE_CHECKING:
    from snapview.ui.main_window import MainWindow

log = logging.getLogger("snapview.i18n")

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
# Installed translators, kept referenced here: a QTranslator that is garbage-collected stops working.
_installed: list[QTranslator] = []
# The default locale before the first install (numbers and dates format by it), restored on removal.
_locale_before: list[QLocale] = []


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


def system_language(locale: QLocale | None = None) -> str:
    """The shipped language closest to the desktop's: any Chinese locale gets Simplified Chinese
    (closer for zh_TW/zh_HK readers than English), everything else English."""
    locale = locale or QLocale.system()
    for ui_language in locale.uiLanguages() or [locale.name()]:
        if ui_language.lower().startswith("zh"):
            return "zh_CN"
        if ui_language.lower().startswith("en"):
            return "en"
    return "en"


def resolve_language(cli_language: str | None, settings: Any | None) -> str:
    """The language to use: ``--lang`` wins, then the ``language`` setting, then the system locale.

    A broken setting falls back to the system language (the user cannot fix it from the command line
    they did not type); an unknown ``--lang`` raises LanguageError so the user sees the typo.
    """
    if cli_language:
        return normalize_language(cli_language)
    stored = settings.get(SETTING_KEY, SYSTEM) if settings is not None else SYSTEM
    if isinstance(stored, str) and stored != SYSTEM:
        try:
            return normalize_language(stored)
        except LanguageError:
            log.info("ignoring unknown language setting %r; using the system language", stored)
    return system_language()


def install_translators(app: QCoreApplication, language: str | None) -> str:
    """Install the translators for ``language`` (``None`` or ``"system"``: from the system locale)
    on ``app``, replacing any installed earlier; returns the language in effect."""
    explicit = language not in (None, SYSTEM)
    code = normalize_language(str(language)) if explicit else system_language()
    remove_translators(app)
    if explicit:
        # Numbers and dates follow a chosen language; with "system" they keep the system's format.
        _locale_before.append(QLocale())
        QLocale.setDefault(QLocale("zh_CN" if code == "zh_CN" else "en_US"))
    if code == "en":
        return code
    ours = resource_path("translations", f"snapview_{code}.qm")
    _load(app, str(ours.parent), ours.stem, "snapview")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _load(app, qt_dir, f"qtbase_{code}", "Qt")
    return code


def remove_translators(app: QCoreApplication) -> None:
    """Back to the English source strings (tests switch languages within one process)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    if _locale_before:
        QLocale.setDefault(_locale_before.pop())


@contextmanager
def interface_language(app: QCoreApplication, language: str) -> Iterator[str]:
    """Build widgets in ``language`` inside the block (tests: ``with interface_language(qapp, "zh_CN")``)."""
    try:
        yield install_translators(app, language)
    finally:
        remove_translators(app)


def _load(app: QCoreApplication, directory: str, name: str, what: str) -> None:
    translator = QTranslator(app)
    if translator.load(name, directory):
        app.installTranslator(translator)
        _installed.append(translator)
    elif what == "snapview":
        # A source checkout where scripts/build_translations.py has not run yet: still usable, in English.
        log.warning(
            "translation %s.qm not found in %s; run scripts/build_translations.py", name, directory
        )
    else:
        log.info("Qt translation %s.qm not found in %s", name, directory)


# Chinese (and Japanese) menus put the accelerator after the text, "加载(&L)"; Qt strips only the
# "&" for toolbar buttons, which would read "加载(L)".
_TRAILING_ACCELERATOR = re.compile(r"\s*\(&\w\)")


class ToolbarTextTidier(QObject):
    """When the window is first shown (every feature has added its actions by then), gives toolbar
    actions whose text ends in "(&X)" an icon text without it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("toolbarTextTidier")
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            self.tidy()
        return False

    def tidy(self) -> None:
        for toolbar in self._window.findChildren(QToolBar):
            for action in toolbar.actions():
                text = action.text()
                if _TRAILING_ACCELERATOR.search(text):
                    action.setIconText(
                        _TRAILING_ACCELERATOR.sub("", text).removesuffix("…").strip()
                    )


# -- View → Language ------------------------------------------------------------------------------


def install(window: MainWindow, services: Any, args: argparse.Namespace) -> None:
    """Add View → Language (System / 简体中文 / English); the choice is stored and applies on restart."""
    translate = QCoreApplication.translate
    view_menu = getattr(window, "view_menu", None)
    if view_menu is None:
        view_menu = window.menuBar().addMenu(translate("LanguageMenu", "&View"))
    menu = view_menu.addMenu(translate("LanguageMenu", "&Language"))
    menu.setObjectName("menu_language")
    group = QActionGroup(menu)
    group.setExclusive(True)
    # Language names are shown in their own language, so a user can find theirs in any interface.
    choices = (
        (SYSTEM, translate("LanguageMenu", "System default")),
        ("zh_CN", "简体中文"),
        ("en", "English"),
    )
    stored = services.settings.get(SETTING_KEY, SYSTEM)
    for code, label in choices:
        action = QAction(label, menu)
        action.setObjectName(f"action_language_{code}")
        action.setCheckable(True)
        action.setData(code)
        action.setChecked(code == stored)
        group.addAction(action)
        menu.addAction(action)
    if group.checkedAction() is None:
        group.actions()[0].setChecked(True)

    def choose(action: QAction) -> None:
        code = str(action.data())
        if code == services.settings.get(SETTING_KEY, SYSTEM):
            return
        services.settings.set(SETTING_KEY, code)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("LanguageMenu", "Language"),
            translate(
                "LanguageMenu", "The interface language changes the next time snapview starts."
            ),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("languageRestartBox")
        box.open()

    group.triggered.connect(choose)
    window.action_map["language_menu"] = menu.menuAction()
    ToolbarTextTidier(window)
