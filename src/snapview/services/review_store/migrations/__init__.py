"""The review store's schema as numbered SQL files (``0001_initial.sql``, ``0002_….sql``), the same
for every backend. Each file takes the schema from version N-1 to N; files are never edited once
released — a change is a new file. :mod:`snapview.services.review_store.schema` applies them.
"""
