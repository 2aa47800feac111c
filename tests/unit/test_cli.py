"""The command line answers --version and --help and routes subcommands, without a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from snapview import __version__
from snapview.cli import SUBCOMMANDS, build_gui_parser, main, plain_launch


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"snapview {__version__}"


def test_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out
    assert "--demo" in out


def test_unknown_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_event_files_without_a_command_open_the_app() -> None:
    args = build_gui_parser().parse_args(["-v", "events.jsonl", "more.json"])
    assert args.command is None
    assert args.files == ["events.jsonl", "more.json"]


def test_python_dash_m_works_like_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "snapview", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"snapview {__version__}"


def test_a_launch_without_arguments_gets_what_the_gui_parser_would_give() -> None:
    # ``snapview`` from the desktop menu skips argparse (start-up budget) but must not differ.
    assert plain_launch() == build_gui_parser().parse_args([])
