"""Reports people can send, and the hand-over file another reviewer imports.

    collect.py      read a scope (videos, date range) from a review store into a ReportData
    tabular.py      CSV (UTF-8 with BOM, for Excel) and JSON exports, written atomically
    importer.py     merge an exported JSON into a store (newer wins, everything kept in history)
    thumbnails.py   fresh URLs through a SnapshotListing, downloaded with one bounded httpx client
    pdf_layout.py   where every page, row and tile of the contact sheet goes (pure geometry)
    pdf_sheet.py    the contact sheet drawn with QPdfWriter (summary page, then marked thumbnails)
    pdf_export.py   URLs + thumbnails + drawing, off the event loop's thread

Columns, fields and rules are documented in docs/review.md.
"""
