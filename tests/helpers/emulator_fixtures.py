"""pytest fixtures that run the local VOD emulator on loopback (filled in by the emulator work)."""
