"""The ``snapview`` subcommands; each module offers ``add_arguments(parser)`` and ``run(args) -> int``.

A command raises :class:`UsageError` for input it cannot use (an empty secret, missing credentials,
a closed stdin), found before any request: it prints the sentence and exits with status 2.
"""


class UsageError(Exception):
    """The command line, the input or the environment cannot be used; ``str()`` says why."""
