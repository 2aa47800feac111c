"""The ``snapview`` command line: the GUI by default, plus the ``ls``, ``videos``, ``scan``,
``inspect``, ``emulator`` and ``credentials`` subcommands.

Every subcommand lives in ``snapview.commands.<name>`` and offers ``add_arguments(parser)`` and
``run(args) -> int``; this module only wires them together, so importing it (``snapview --help``)
stays fast and never imports Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from snapview import __version__

# name -> (module, one-line help). Order is the order in --help.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "ls": (
        "snapview.commands.ls",
        "list the snapshots of an Alibaba Cloud VOD video (ListSnapshots)",
    ),
    "videos": (
        "snapview.commands.videos",
        "list, search and filter the videos of a VOD account (SearchMedia, GetVideoInfos)",
    ),
    "scan": (
        "snapview.commands.scan",
        "check every snapshot of a video for defects (black, frozen, blurred, failed…)",
    ),
    "inspect": (
        "snapview.commands.inspect",
        "summarise Huawei VOD event files (thumbnailComplete and others)",
    ),
    "emulator": (
        "snapview.commands.emulator",
        "run the local VOD emulator (Alibaba + Huawei) on loopback",
    ),
    "credentials": (
        "snapview.commands.credentials",
        "manage credential profiles kept in the OS keyring",
    ),
    "review": ("snapview.commands.review", "record, list, export and import review decisions"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's default is fine, but keep exit status 2 and a hint, never a traceback.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    gui = parser.add_argument_group("desktop app")
    gui.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in VOD emulator and open its long demo video (no cloud account needed)",
    )
    gui.add_argument(
        "--screenshot",
        metavar="PATH",
        help="with --demo: wait for the first viewport, save the window as PNG, print timings as JSON, exit",
    )
    gui.add_argument("--video", metavar="VIDEO_ID", help="open this video on start")
    gui.add_argument("--profile", metavar="NAME", help="credential profile to use on start")
    gui.add_argument(
        "--lang",
        metavar="LANG",
        help="interface language: zh_CN or en (default: settings, then system)",
    )


_VALUE_OPTIONS = {"--screenshot", "--video", "--profile", "--lang"}


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token.startswith("-"):
            skip = token in _VALUE_OPTIONS
        else:
            return token
    return None


def build_gui_parser() -> argparse.ArgumentParser:
    """The parser for ``snapview [options] [EVENT_FILE ...]`` (what a desktop launcher runs)."""
    parser = _Parser(prog="snapview", description="Open the snapview desktop app.")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log to the console")
    add_gui_arguments(parser)
    parser.add_argument(
        "files", nargs="*", metavar="EVENT_FILE", help="event files (JSON / JSON Lines) to open"
    )
    parser.set_defaults(command=None)
    return parser


def plain_launch() -> argparse.Namespace:
    """What :func:`build_gui_parser` makes of no arguments at all (the desktop menu's launch),
    without building it: argparse's lookups of its own translations cost ~4 ms of a start-up that
    is a budget (docs/performance.md). A test keeps the two equal."""
    return argparse.Namespace(
        verbose=0,
        demo=False,
        screenshot=None,
        video=None,
        profile=None,
        lang=None,
        files=[],
        command=None,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="snapview",
        description=(
            "snapview - check Alibaba Cloud VOD and Huawei Cloud VOD snapshots: covers, interval "
            "snapshots, sprite sheets, WebVTT thumbnails and thumbnailComplete events. "
            "Without a command it opens the desktop app."
        ),
        usage="snapview [options] [EVENT_FILE ...]\n       snapview COMMAND [options]",
        epilog=(
            "Event files given without a command are opened in the app. "
            "Run 'snapview COMMAND --help' for the options of a command."
        ),
    )
    parser.add_argument("--version", action="version", version=f"snapview {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log to the console (-vv: debug)"
    )
    add_gui_arguments(parser)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", parser_class=_Parser
    )
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(
            name, prog=f"snapview {name}", help=help_text, description=help_text
        )
        sub_parser.add_argument(
            "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="log to the console"
        )
        sub_parser.set_defaults(_module=module_name)
        module = importlib.import_module(module_name)
        module.add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        from snapview.launcher import run_gui

        return run_gui(plain_launch())
    first = _first_positional(arguments)
    wants_help = any(a in ("-h", "--help", "--version") for a in arguments)
    if (first is None and wants_help) or first in SUBCOMMANDS:
        from snapview.commands.output import closed_pipe_exits

        parser = build_parser()
        with closed_pipe_exits():  # ``snapview ls --help | head``
            args = parser.parse_args(arguments)
    else:
        # The desktop app's own parser alone: no subcommand module, not even the output module (it
        # writes nothing to stdout but errors); the app's start-up is a budget (docs/performance.md).
        parser = build_gui_parser()
        args = parser.parse_args(arguments)
    if args.command is None:
        if args.screenshot and not args.demo:
            parser.error("--screenshot needs --demo")
        from snapview.launcher import run_gui

        return run_gui(args)  # sets up logging itself, once its window is on screen
    from snapview.logconfig import setup_logging

    setup_logging(args.verbose)
    from snapview.commands.output import run_command

    module = importlib.import_module(args._module)
    try:
        return run_command(module.run, args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def gui_main() -> int:
    """Entry point of the desktop launcher (no console window on Windows)."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
