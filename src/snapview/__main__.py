"""Lets ``python -m snapview`` behave exactly like the ``snapview`` command."""

import sys

from snapview.cli import main

sys.exit(main())
