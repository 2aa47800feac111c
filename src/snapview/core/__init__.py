"""The domain: pure Python, no Qt and no I/O (models, signing, parsing, classification)."""
