"""The interface in Simplified Chinese and English: what a user sees in each, which language is
chosen (``--lang``, the setting, the system locale), and the View → Language menu."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from snapview.app import create_application
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.language import LanguageError, normalize_language
from snapview.services.settings import Settings
from snapview.ui.shell.language import interface_language, resolve_language, system_language
from snapview.ui.tr import tr_message

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")
# Chinese text: Han characters or CJK/full-width punctuation ("AccessKey ID(&I)：").
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Identifiers shown as they are: region IDs (cn-shanghai), key prefixes (LTAI5t…), versions.
IDENTIFIER = re.compile(r"^(?=\S*[\d-])[\w.\-…]+$")
# Text that stays as it is in a Chinese interface: names, formats, language names, shortcuts.
NOT_TRANSLATED = {"snapview", "WebVTT", "English", "简体中文", ""}


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """The .qm files are build outputs (dev.sh builds them); compile them for a bare pytest run too."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)


def _menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_chinese_window_shows_chinese_menus_toolbar_and_hints(app_window, qtbot) -> None:
    window, _, _ = app_window(language="zh_CN")
    assert _menu_titles(window)[:5] == ["文件(&F)", "视图(&V)", "审核(&R)", "工具(&T)", "帮助(&H)"]
    assert window.empty_state.title.text() == "未加载视频"
    assert "视频ID" in window.empty_state.hint.text()
    assert "视频ID" in window.video_edit.placeholderText()
    types = [window.type_combo.itemText(i) for i in range(window.type_combo.count())]
    assert "封面" in types and "雪碧图" in types
    assert window.status_message.text() == "就绪"
    assert window.action_map["load"].text() == "加载(&L)"
    # Toolbar buttons drop the menu accelerator suffix: "加载", not "加载(L)".
    assert window.toolbar.widgetForAction(window.action_map["load"]).text() == "加载"
    assert window.toolbar.widgetForAction(window.action_map["profiles"]).text() == "账号配置"


def test_english_window_keeps_the_english_source_text(app_window, qtbot) -> None:
    window, _, _ = app_window(language="en")
    assert _menu_titles(window)[:5] == ["&File", "&View", "&Review", "&Tools", "&Help"]
    assert window.empty_state.title.text() == "No video loaded"


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) of every string a user can read in the window without doing anything."""
    texts: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for action in window.findChildren(type(window.action_map["load"])):
        if action.isVisible() and not action.isSeparator():
            texts.append((f"action {action.objectName()}", action.text()))
            texts.append((f"tooltip {action.objectName()}", action.toolTip()))
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and not widget.pixmap().isNull():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((f"{name} text", widget.text()))
        if isinstance(widget, QLineEdit):
            texts.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QComboBox):
            texts.append((f"{name} placeholder", widget.placeholderText()))
            texts += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QDockWidget):
            texts.append((f"{name} title", widget.windowTitle()))
        texts.append((f"{name} tooltip", widget.toolTip()))
    return texts


def test_chinese_window_has_no_english_text_left(app_window, qtbot) -> None:
    """Catches strings that never went through tr() (lupdate cannot see those)."""
    window, _, _ = app_window(language="zh_CN")
    for menu_action in window.menuBar().actions():
        menu_action.menu().aboutToShow.emit()  # menus filled on demand
    texts = _visible_texts(window)
    assert sum(bool(HAN.search(text)) for _, text in texts) > 20  # the walk really sees the window
    english = [
        f"{where}: {text!r}"
        for where, text in texts
        if text.strip() not in NOT_TRANSLATED
        and not CHINESE.search(text)
        and not IDENTIFIER.match(text.strip())
        and re.search(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>|Ctrl\+\S+|F\d+", "", text))
    ]
    assert not english, "English text in the Chinese interface:\n  " + "\n  ".join(english)


def test_messages_from_services_are_shown_in_chinese(qtbot, tmp_path) -> None:
    message = Message(
        "Keyring",
        QT_TRANSLATE_NOOP("Keyring", "There is no profile named “{name}”."),
        {"name": "生产环境"},
    )
    with interface_language(create_application(), "zh_CN"):
        assert tr_message(message) == "不存在名为“生产环境”的账号配置。"
    assert tr_message(message) == "There is no profile named “生产环境”."


def test_standard_dialog_buttons_are_chinese(app_window, qtbot) -> None:
    window, _, _ = app_window(language="zh_CN")
    with interface_language(create_application(), "zh_CN"):
        box = QMessageBox(
            QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Cancel, window
        )
        box.open()
        qtbot.waitExposed(box)
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
        box.close()


def test_language_choice_order_cli_then_setting_then_system(tmp_path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert resolve_language(None, settings) == system_language()
    settings.set("language", "zh_CN")
    assert resolve_language(None, settings) == "zh_CN"
    assert resolve_language("en", settings) == "en"
    assert resolve_language("zh-CN", settings) == "zh_CN"
    settings.set("language", "tlh")  # hand-edited nonsense: the system language, not a crash
    assert resolve_language(None, settings) == system_language()


def test_system_locale_maps_to_a_shipped_language() -> None:
    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("zh_TW")) == "zh_CN"
    assert system_language(QLocale("en_GB")) == "en"
    assert system_language(QLocale("de_DE")) == "en"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(LanguageError, match="use one of: zh_CN, en"):
        normalize_language("klingon")


def test_unknown_lang_option_exits_2_with_a_message(tmp_path) -> None:
    env = {
        "SNAPVIEW_CONFIG_DIR": str(tmp_path),
        "SNAPVIEW_LOG_DIR": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-m", "snapview", "--lang", "klingon"],
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown interface language 'klingon'" in result.stderr
    assert "Traceback" not in result.stderr


def test_language_menu_stores_the_choice_and_says_it_applies_on_restart(
    app_window, qtbot, tmp_path
) -> None:
    window, services, _ = app_window(language="zh_CN")
    menu_action = window.action_map["language_menu"]
    assert menu_action.text() == "语言(&L)"
    actions = {a.data(): a for a in menu_action.menu().actions()}
    assert actions["system"].isChecked()
    assert [actions[c].text() for c in ("system", "zh_CN", "en")] == [
        "跟随系统",
        "简体中文",
        "English",
    ]
    with interface_language(create_application(), "zh_CN"):  # as in the running app
        actions["en"].trigger()
    assert services.settings.get("language") == "en"
    assert (
        Settings(tmp_path / "settings.json").get("language") == "en"
    )  # on disk, for the next start
    box = window.findChild(QMessageBox, "languageRestartBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "下次启动" in box.text()
    box.close()
    assert actions["en"].isChecked() and not actions["system"].isChecked()


def test_leaving_a_language_restores_the_default_locale(qtbot) -> None:
    # Other tests format numbers with the default locale; switching languages must not leak.
    before = QLocale().name()
    with interface_language(create_application(), "zh_CN"):
        assert QLocale().name() == "zh_CN"
        assert QLocale().toString(10000) == "10,000"
    assert QLocale().name() == before
