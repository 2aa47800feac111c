"""Schema versions of the review store: the numbered migration files and the rules for applying
them, shared by every backend.

A store records each applied version in ``schema_version``. Opening a store applies the missing
migrations in order, each in the same transaction as its ``schema_version`` row, so a crash leaves
the store at a whole version. A store at a version newer than this snapview knows is refused (it
may have columns this version would corrupt by ignoring) — the lesson of digiKam's "same version
everywhere" rule. Statements are split on ``;`` at line ends; the files hold no procedural code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file's statements without comments (a ``;`` ends a statement at the end of a line)."""
        lines = [line for line in self.sql.splitlines() if not line.lstrip().startswith("--")]
        text = "\n".join(lines)
        return [s.strip() for s in re.split(r";\s*$", text, flags=re.M) if s.strip()]


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration in version order; the versions are 1, 2, … without gaps (checked)."""
    folder = resources.files("snapview.services.review_store.migrations")
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(
            f"review store migrations are not numbered 1..N: {[m.version for m in found]}"
        )
    return tuple(found)


def latest_version() -> int:
    return migrations()[-1].version


def pending_migrations(current: int) -> tuple[Migration, ...]:
    """The migrations a store at ``current`` needs, in order (none when it is up to date)."""
    return tuple(m for m in migrations() if m.version > current)
