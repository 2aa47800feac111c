"""Every user-visible string has a finished Simplified Chinese translation, and translations keep
what the code fills in or the toolkit interprets ({placeholders}, %n, HTML tags, & accelerators).

The strings are extracted from the current sources with ``pyside6-lupdate`` (the same tool and
options as ``scripts/build_translations.py``), so a string added without a translation fails here;
run ``scripts/build_translations.py --update`` and translate the new entries in
``resources/translations/snapview_zh_CN.ts`` (Qt Linguist or any editor).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_TS = ROOT / "resources" / "translations" / "snapview_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%L?\d")
TAG = re.compile(r"</?([a-zA-Z]+)[^>]*>")
# Han characters, or CJK/full-width punctuation ("V1（HMAC-SHA1）" is a finished translation).
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Strings that read the same in Chinese: product and format names.
SAME_IN_CHINESE = {
    "",
    "snapview",
    "WebVTT",
    "JSON",
    "JSON Lines",
    "AccessKey ID",
    "OK",
    "100%",
    "SMN",
}

Key = tuple[str, str, str]  # (context, source, disambiguation comment), as lupdate keys messages


def _messages(ts_file: Path) -> dict[Key, ET.Element]:
    root = ET.parse(ts_file).getroot()
    found: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def _translation(message: ET.Element) -> str | None:
    """The finished translation text, or None when missing, unfinished or obsolete."""
    element = message.find("translation")
    if element is None or element.get("type") in ("unfinished", "obsolete", "vanished"):
        return None
    forms = [form.text or "" for form in element.iter("numerusform")]
    text = forms[0] if forms else (element.text or "")
    return text or None


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[Key, ET.Element]:
    out = tmp_path_factory.mktemp("lupdate")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_translations.py"), "--ts-out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return _messages(out / "snapview.ts")


@pytest.fixture(scope="module")
def committed() -> dict[Key, ET.Element]:
    return _messages(COMMITTED_TS)


def test_extraction_finds_the_main_window_strings(extracted) -> None:
    # Guards the check below against passing vacuously (no sources found, wrong tool options).
    assert ("MainWindow", "&File", "") in extracted
    assert len(extracted) > 30


def test_every_string_is_extracted_with_its_context(extracted) -> None:
    # translate() called through an alias (tr = QCoreApplication.translate) or a helper makes
    # lupdate read the context as the source text; such strings can never be translated.
    lost = [
        f"{source!r} (comment {comment!r})"
        for (context, source, comment) in sorted(extracted)
        if not context
    ]
    assert not lost, (
        'lupdate found strings without a context; call QCoreApplication.translate("Context", "text") '
        'or self.tr("text") literally, not through an alias:\n  ' + "\n  ".join(lost)
    )


def test_every_ui_string_has_a_finished_chinese_translation(extracted, committed) -> None:
    missing = [
        f"[{context}] {source!r}" + (f" ({comment})" if comment else "")
        for (context, source, comment) in sorted(extracted)
        if context  # context-less strings are reported by the test above
        and (
            (context, source, comment) not in committed
            or _translation(committed[(context, source, comment)]) is None
        )
    ]
    assert not missing, (
        f"{len(missing)} string(s) have no finished zh_CN translation; run "
        "scripts/build_translations.py --update and translate them in "
        "resources/translations/snapview_zh_CN.ts:\n  " + "\n  ".join(missing)
    )


def test_translations_keep_placeholders_tags_and_accelerators(committed) -> None:
    problems = []
    for (context, source, _), message in sorted(committed.items()):
        text = _translation(message)
        if text is None:
            continue
        where = f"[{context}] {source!r} -> {text!r}"
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: {where}")
        if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
            problems.append(f"HTML tags differ: {where}")
        if re.search(r"&\w", source.replace("&&", "")) and not re.search(
            r"&\w", text.replace("&&", "")
        ):
            problems.append(f"keyboard accelerator (&) lost: {where}")
    assert not problems, "\n".join(problems)


def test_translations_are_chinese(committed) -> None:
    # A translation copied from the English source (a common slip when marking entries finished).
    untranslated = [
        f"[{context}] {source!r}"
        for (context, source, _), message in sorted(committed.items())
        if (text := _translation(message)) is not None
        and not CHINESE.search(text)
        and re.sub(r"\{\w+\}|&", "", source).strip() not in SAME_IN_CHINESE
    ]
    assert not untranslated, "translation has no Chinese text:\n  " + "\n  ".join(untranslated)
