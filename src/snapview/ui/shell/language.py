"""The interface language in Qt: the system's language, loading snapview's and Qt's own
translations for the chosen one (the View → Language menu that stores the choice for the next start
is :mod:`snapview.ui.shell.language_menu`, built after the first frame). Which language
wins (``--lang``, the setting, the system) is :mod:`snapview.core.language`.

snapview's translations are ``resources/translations/snapview_<lang>.qm``, built from the committed
``.ts`` files by ``scripts/build_translations.py``. The source strings are English, so English needs no
translator. Qt's ``qtbase_zh_CN.qm`` translates the standard dialog buttons (OK, Cancel…).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from snapview.core.language import (
    SETTING_KEY,
    SYSTEM,
    choose_language,
    language_of_locales,
    normalize_language,
)
from snapview.resources import resource_path
from snapview.services.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from snapview.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

# Installed translators, kept referenced here: a QTranslator that is garbage-collected stops working.
_installed: list[QTranslator] = []
# The default locale before the first install (numbers and dates format by it), restored on removal.
_locale_before: list[QLocale] = []


def system_language(locale: QLocale | None = None) -> str:
    """The shipped language closest to the desktop's (see :func:`language_of_locales`)."""
    locale = locale or QLocale.system()
    return language_of_locales(locale.uiLanguages() or [locale.name()])


def resolve_language(cli_language: str | None, settings: Settings | None) -> str:
    """The language to use: ``--lang`` wins, then the ``language`` setting, then the system locale
    (:func:`snapview.core.language.choose_language`)."""
    stored = settings.get(SETTING_KEY, SYSTEM) if settings is not None else SYSTEM
    return choose_language(cli_language, stored, system_language())


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
    actions whose text ends in "(&X)" an icon text without it.

    ``tidy_when_shown=False``: only when :meth:`tidy` is called (the launcher's shell, shown before
    its features: no Python event filter on its first frame, as PySide6 makes ``QEvent``'s 4 ms of
    enum classes for the first event it hands to Python)."""

    def __init__(self, window: MainWindow, *, tidy_when_shown: bool = True) -> None:
        super().__init__(window)
        self.setObjectName("toolbarTextTidier")
        self._window = window
        if tidy_when_shown:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent  # the class is made when the first event arrives anyway

        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            self.tidy()
        return False

    def tidy(self) -> None:
        """Also called when the features are built into a window the launcher showed first."""
        # Toolbars are the main window's direct children: not walking every widget spares making
        # a Python wrapper for each (tens of ms before the first frame); ``children()`` rather than
        # ``findChildren(options=Qt.FindChildOption...)``, as naming a ``Qt`` enum builds them all
        # (20-35 ms; this runs when the first frame shows).
        toolbars = [child for child in self._window.children() if isinstance(child, QToolBar)]
        for toolbar in toolbars:
            for action in toolbar.actions():
                text = action.text()
                if action.iconText() != QAction(text).iconText():
                    continue  # a short icon text of its own (Scan video's "Scan")
                if _TRAILING_ACCELERATOR.search(text):
                    action.setIconText(
                        _TRAILING_ACCELERATOR.sub("", text).removesuffix("…").strip()
                    )
