"""The JSON code blocks of a page that is not JSON itself: what a QA person saves from a vendor's
documentation page or copies out of a ticket.

Recognised fences: Markdown's (a line of three or more backticks or tildes, optionally indented up
to three spaces and followed by a language name such as ``json``, closed by a line of at least as
many of the same character; a block left open runs to the end, as in CommonMark) and, when a page
has none of those, Jira's ``{code}``/``{code:json}``/``{noformat}`` pairs. Only blocks whose content
starts with ``{`` or ``[`` are returned, with their offset in the page so that positions inside a
block can be reported as positions in the file. Pages over 10 million characters are not searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A documentation page or a ticket is far smaller; a larger text that is not JSON is a log, and
# looking through 400 MB of it for fences would only make its "not JSON" message seconds late.
MAX_PAGE = 10_000_000  # characters
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_JIRA = re.compile(r"\{(?:code|noformat)(?::[^}\n]*)?\}")


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A block's content (without its fences) and the offset in the page where the content starts."""

    offset: int
    text: str


def json_code_blocks(page: str) -> list[CodeBlock]:
    """The fenced blocks of ``page`` that hold JSON (or something meant to be), in page order."""
    if len(page) > MAX_PAGE:
        return []
    # The fences are looked for line by line only in a page that has some (a C-speed test first).
    markdown = _markdown_blocks(page) if "```" in page or "~~~" in page else []
    jira = "{code" in page or "{noformat" in page
    blocks = markdown or (_jira_blocks(page) if jira else [])
    return [block for block in blocks if block.text.lstrip().startswith(("{", "["))]


def _markdown_blocks(page: str) -> list[CodeBlock]:
    blocks: list[CodeBlock] = []
    opened: tuple[str, int] | None = None  # (fence, offset where the content starts)
    offset = 0
    for line in page.split("\n"):
        body = line.rstrip("\r")
        match = _FENCE.match(body)
        if opened is None:
            # A backtick fence's language name may not hold a backtick (that is inline code).
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                opened = (match["fence"], offset + len(line) + 1)
        elif match and _closes(opened[0], match["fence"], match["info"]):
            blocks.append(CodeBlock(opened[1], page[opened[1] : max(opened[1], offset)]))
            opened = None
        offset += len(line) + 1
    if opened is not None and opened[1] <= len(page):
        blocks.append(CodeBlock(opened[1], page[opened[1] :]))
    return blocks


def _closes(fence: str, candidate: str, info: str) -> bool:
    return candidate[0] == fence[0] and len(candidate) >= len(fence) and not info.strip()


def _jira_blocks(page: str) -> list[CodeBlock]:
    tokens = list(_JIRA.finditer(page))
    blocks: list[CodeBlock] = []
    for opening, closing in zip(tokens[::2], tokens[1::2], strict=False):
        blocks.append(CodeBlock(opening.end(), page[opening.end() : closing.start()]))
    return blocks
