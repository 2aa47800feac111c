"""Tests of the local VOD emulator over real loopback HTTP."""
