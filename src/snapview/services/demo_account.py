"""The ``--demo`` account: the local VOD emulator in its own process (its image rendering must not
share the app's GIL) and the in-memory profiles that sign requests to it — an Alibaba Cloud one (the
demo opens its long video) and a Huawei Cloud one for the emulator's Huawei VOD API and its media
assets. Nothing is stored: the profiles live in the credential store's memory, and the emulator
stops when the app quits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from snapview.core.credentials import AliyunCredentials, HuaweiCredentials, Profile, Provider
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.huawei_catalog import (
    HUAWEI_DEMO_AK,
    HUAWEI_DEMO_PROJECT_ID,
    HUAWEI_DEMO_SK,
)
from snapview.emulator.process import EmulatorProcess, start_emulator_process

DEMO_PROFILE_NAME = "Demo (local emulator)"
HUAWEI_DEMO_PROFILE_NAME = "Demo Huawei (local emulator)"


@dataclass(frozen=True)
class DemoAccount:
    """A running emulator, the read-only profiles for it and the video the demo opens."""

    emulator: EmulatorProcess
    profile: Profile
    credentials: AliyunCredentials
    huawei_profile: Profile
    huawei_credentials: HuaweiCredentials
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
    huawei_profile = Profile(
        name=HUAWEI_DEMO_PROFILE_NAME,
        provider=Provider.HUAWEI,
        region="cn-north-4",
        endpoint=emulator.base_url,
        access_key_id=HUAWEI_DEMO_AK,
        project_id=HUAWEI_DEMO_PROJECT_ID,
        read_only=True,
        stored=False,
    )
    huawei = HuaweiCredentials(HUAWEI_DEMO_AK, HUAWEI_DEMO_SK, HUAWEI_DEMO_PROJECT_ID)
    return DemoAccount(emulator, profile, credentials, huawei_profile, huawei)
