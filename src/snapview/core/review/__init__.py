"""Review decisions as a pure domain: reason codes, keys, decisions, per-video verdicts, the
in-memory board the triage keys act on, undo/redo, and the exchange formats.

    reasons.py      the fixed reject reasons (stable ids, translatable labels)
    keys.py         AccountRef / VideoKey / SnapshotKey and their stable store ids
    decisions.py    Verdict, Mark, Decision, the "newer wins" order, the decision clock, staleness
    verdicts.py     SnapshotSet, counts, the derived and overridden per-video verdict
    board.py        ReviewBoard: marks, counts, filters and next-unreviewed for the set on screen
    undo.py         DecisionCommand and UndoHistory over multi-selections
    interchange.py  JSON export/import documents and CSV rows

Nothing here does I/O or imports Qt; the store and the reports live in ``snapview.services``.
"""
