#!/usr/bin/env python3
"""Resolves a merge conflict in the ``.ts`` translation sources without losing a translation.

Two branches that both add UI strings both edit ``resources/translations/snapview_zh_CN.ts``, and
git's line merge of that XML conflicts or, worse, interleaves entries. This script takes the union of
the translations of every version given (by default the two sides of a conflicted merge, read from
the git index), re-extracts the strings from the merged sources with ``pyside6-lupdate`` (so the file
lists exactly what the code uses now), fills every entry that is new or unfinished from that union,
and lets ``lupdate`` write the file once more in its canonical layout.

    scripts/merge_translations.py                 # during a conflicted merge: git's :2: and :3:
    scripts/merge_translations.py A.ts B.ts ...   # or any versions, earlier ones win on a clash
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_translations import LANGUAGES, ROOT, TRANSLATIONS, lupdate

Key = tuple[str, str, str]  # context, source, disambiguation comment


def translations_in(xml_text: str) -> dict[Key, str]:
    """The finished translations of one ``.ts`` document."""
    found: dict[Key, str] = {}
    root = ET.fromstring(xml_text)
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in (
                "unfinished",
                "obsolete",
                "vanished",
            ):
                continue
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            if translation.text:
                found.setdefault(key, translation.text)
    return found


def fill(ts_file: Path, known: dict[Key, str]) -> int:
    """Fills unfinished entries of ``ts_file`` from ``known``; returns how many it filled."""
    tree = ET.parse(ts_file)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            if translation is not None and translation.get("type") == "unfinished" and key in known:
                translation.text = known[key]
                del translation.attrib["type"]
                filled += 1
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def git_stage(stage: int, path: Path) -> str:
    relative = path.relative_to(ROOT).as_posix()
    return subprocess.run(
        ["git", "show", f":{stage}:{relative}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "versions", nargs="*", type=Path, help=".ts files to take translations from"
    )
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        ts_file = TRANSLATIONS / f"snapview_{language}.ts"
        if args.versions:
            texts = [p.read_text(encoding="utf-8") for p in args.versions]
        else:
            texts = [git_stage(2, ts_file), git_stage(3, ts_file)]
        known: dict[Key, str] = {}
        for text in texts:
            for key, value in translations_in(text).items():
                known.setdefault(key, value)
        ts_file.write_text(texts[0], encoding="utf-8")  # a clean base for lupdate (no markers)
        lupdate(ts_file)
        filled = fill(ts_file, known)
        lupdate(ts_file)  # canonical layout again
        left = ts_file.read_text(encoding="utf-8").count('type="unfinished"')
        print(
            f"{ts_file.name}: {len(known)} translations known, {filled} filled, {left} still unfinished"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
