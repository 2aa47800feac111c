"""asyncio + httpx + keyring services that the UI drives; no widgets here."""
