#!/usr/bin/env python3
"""Builds snapview's translations: ``pyside6-lupdate`` extracts every translatable string from
``src/snapview`` into the ``.ts`` sources under ``resources/translations`` (``--update``, for
translators: new strings arrive marked unfinished, translations of removed strings are dropped), and
``pyside6-lrelease`` compiles the ``.ts`` files into the ``.qm`` files the app loads (always).

The ``.qm`` files are build outputs (git-ignored); ``dev.sh`` and ``packaging/build.sh`` run this
script. The plain build never rewrites the committed ``.ts`` files, so a build cannot dirty the tree.

    scripts/build_translations.py            # .ts -> .qm
    scripts/build_translations.py --update   # sources -> .ts (then .ts -> .qm)
    scripts/build_translations.py --ts-out DIR   # only extract, into DIR/<name>.ts (for checks)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "snapview"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """The Qt tool from the same environment as this Python (the venv), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"build_translations: {name} not found; install PySide6 (pip install -e .)")
    return found


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(ts_file: Path, no_obsolete: bool = True) -> None:
    # -locations none: no line numbers in the committed .ts, so unrelated edits do not churn it.
    command = [tool("pyside6-lupdate"), *source_files(), "-locations", "none", "-ts", str(ts_file)]
    if no_obsolete:
        command.insert(-2, "-no-obsolete")
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
        cwd=ROOT,
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--update", action="store_true", help="re-extract strings into the .ts files first"
    )
    parser.add_argument(
        "--ts-out", type=Path, metavar="DIR", help="only extract strings into DIR/snapview.ts"
    )
    args = parser.parse_args(argv)
    if args.ts_out:
        args.ts_out.mkdir(parents=True, exist_ok=True)
        lupdate(args.ts_out / "snapview.ts")
        return 0
    for language in LANGUAGES:
        ts_file = TRANSLATIONS / f"snapview_{language}.ts"
        if args.update or not ts_file.exists():
            lupdate(ts_file)
        lrelease(ts_file, ts_file.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
