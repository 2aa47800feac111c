"""View → Language (System / 简体中文 / English): the choice is stored for the next start, which the
box after a choice offers at once. The translators themselves are :mod:`snapview.ui.shell.language`;
this menu is built with the features, after the first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMessageBox

from snapview.core.language import SETTING_KEY, SYSTEM
from snapview.services.settings import Settings
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.restart import restart_app

if TYPE_CHECKING:
    from snapview.ui.shell.main_window import MainWindow


def add_language_menu(window: MainWindow, settings: Settings) -> None:
    """Add View → Language (System / 简体中文 / English); the choice is stored and applies on restart,
    which the box after a choice offers to do at once."""
    translate = QCoreApplication.translate
    menu = window.view_menu.addMenu(translate("LanguageMenu", "&Language"))
    menu.setObjectName("menu_language")
    group = QActionGroup(menu)
    group.setExclusive(True)
    # Language names are shown in their own language, so a user can find theirs in any interface.
    choices = (
        (SYSTEM, translate("LanguageMenu", "System default")),
        ("zh_CN", "简体中文"),
        ("en", "English"),
    )
    stored = settings.get(SETTING_KEY, SYSTEM)
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
        if code == settings.get(SETTING_KEY, SYSTEM):
            return
        settings.set(SETTING_KEY, code)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("LanguageMenu", "Language"),
            translate(
                "LanguageMenu",
                "The interface language changes when snapview starts again. Restart now?",
            ),
            QMessageBox.StandardButton.NoButton,
            window,
        )
        box.setObjectName("languageRestartBox")
        restart = box.addButton(
            translate("LanguageMenu", "Restart Now"), QMessageBox.ButtonRole.AcceptRole
        )
        restart.setObjectName("restartNowButton")
        later = box.addButton(translate("LanguageMenu", "Later"), QMessageBox.ButtonRole.RejectRole)
        later.setObjectName("restartLaterButton")
        box.setDefaultButton(restart)
        # Queued: the window closes after the box has finished closing itself.
        restart.clicked.connect(lambda: QTimer.singleShot(0, lambda: restart_app(window)))
        box.open()

    group.triggered.connect(choose)
    window.add_action(ActionId.LANGUAGE_MENU, menu.menuAction())
