"""`snapview inspect`: not built yet (see the issue tracker).

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""


def run(args: argparse.Namespace) -> int:
    print("snapview inspect: not available in this build yet", file=sys.stderr)
    return 2
