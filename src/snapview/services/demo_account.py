"""The ``--demo`` account: the local VOD emulator in its own process (its image rendering must not
share the app's GIL) and the in-memory profile that signs requests to it. Nothing is stored: the
profile lives in the credential store's memory, and the emulator stops when the app quits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from snapview.core.credentials import AliyunCredentials, Profile
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import EmulatorProcess, start_emulator_process

DEMO_PROFILE_NAME = "Demo (local emulator)"


@dataclass(frozen=True)
class DemoAccount:
    """A running emulator, the read-only profile for it and the video the demo opens."""

    emulator: EmulatorProcess
    profile: Profile
    credentials: AliyunCredentials
    video_id: str = LONG_VIDEO_ID


async def start_demo_account() -> DemoAccount:
    """Start the emulator (off the GUI thread: it waits for the process to listen). The caller stops
    ``emulator`` at shutdown."""
    emulator = await asyncio.to_thread(start_emulator_process, EmulatorConfig())
    profile = Profile(
        name=DEMO_PROFILE_NAME,
        endpoint=emulator.base_url,
        access_key_id=DEMO_ACCESS_KEY_ID,
        read_only=True,
        stored=False,
    )
    credentials = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return DemoAccount(emulator, profile, credentials)
