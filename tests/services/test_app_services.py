"""The app's typed services against the real emulator: one image pipeline and one HTTP client shared
by every user and closed after them, a VOD client per profile that an edited profile replaces, and
the frame list of a video (WebVTT cues, or the sprite geometry) fetched over that one client."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest

from snapview.core.credentials import AliyunCredentials, Profile
from snapview.core.snapshots import Snapshot, SnapshotPage, SnapshotType
from snapview.core.vod_errors import VodError
from snapview.emulator.catalog import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    SHORT_VIDEO_ID,
    SPRITE_VIDEO_ID,
)
from snapview.services.app_services import AppServices
from snapview.services.credentials import CredentialError, CredentialErrorKind
from snapview.services.frames import FrameListError, list_frames
from snapview.services.settings import Settings
from tests.helpers.async_qt import run
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)
from tests.helpers.secrets import HUAWEI_SK

pytestmark = pytest.mark.usefixtures("qasync_loop")
DEMO = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)


@pytest.fixture
def services(tmp_path: Path, qtbot):
    services = AppServices(Settings(tmp_path / "settings.json"))
    yield services
    run(qtbot, services.aclose())


def demo_profile(emulator, name: str = "emulator") -> Profile:
    return Profile(name=name, endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID)


def test_one_pipeline_and_one_http_client_closed_after_the_features(services, qtbot) -> None:
    pipeline = services.images.get()
    assert services.images.get() is pipeline
    http = services.http.get()
    seen_by_closer: list[bool] = []
    # A feature's closer still finds the shared client open (its own fetches may need it).
    services.add_closer("feature", lambda: seen_by_closer.append(http.is_closed))
    run(qtbot, services.aclose())
    assert seen_by_closer == [False]
    assert http.is_closed
    assert pipeline.request("k", "http://127.0.0.1:9/a.jpg", pipeline.target_size) is None
    with pytest.raises(RuntimeError):
        services.images.get()  # nothing new is made once the app is shutting down


def test_closers_run_in_reverse_order_after_the_tasks_were_cancelled(services, qtbot) -> None:
    order: list[str] = []

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            order.append("task cancelled")

    services.tasks.spawn(forever(), name="forever")
    services.add_closer("first", lambda: order.append("first"))

    async def second() -> None:
        order.append("second")

    services.add_closer("second", second)
    run(qtbot, services.aclose())
    assert order == ["task cancelled", "second", "first"]


def test_a_profile_keeps_its_client_until_a_profile_changes(services, qtbot, emulator) -> None:
    services.credentials.add_memory_profile(demo_profile(emulator), DEMO)
    pool = services.vod_clients
    first = run(qtbot, pool.client("emulator"))
    assert run(qtbot, pool.client("emulator")) is first
    page = run(qtbot, first.list_snapshots(SHORT_VIDEO_ID))
    assert page.total > 0
    # Any change to the profiles (here: another one added) gives the next load a new client...
    services.credentials.add_memory_profile(demo_profile(emulator, "other"), DEMO)
    second = run(qtbot, pool.client("emulator"))
    assert second is not first
    # ...while a grid still paging with the old one can go on until the app quits.
    assert run(qtbot, first.list_snapshots(SHORT_VIDEO_ID)).total == page.total
    run(qtbot, services.aclose())
    for client in (first, second):
        with pytest.raises(VodError, match="ClientClosed"):
            run(qtbot, client.list_snapshots(SHORT_VIDEO_ID))


def test_a_huawei_profile_gets_a_huawei_client_on_the_shared_http_client(
    services, qtbot, emulator
) -> None:
    from snapview.core.credentials import HuaweiCredentials, Provider
    from snapview.emulator import huawei_catalog as hc
    from snapview.emulator.catalog import HUAWEI_ASSET_ID_OK
    from snapview.services.huawei_client import HuaweiVodClient

    profile = Profile(
        "huawei",
        provider=Provider.HUAWEI,
        endpoint=emulator.base_url,
        access_key_id=hc.HUAWEI_DEMO_AK,
        project_id=hc.HUAWEI_DEMO_PROJECT_ID,
    )
    creds = HuaweiCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK, hc.HUAWEI_DEMO_PROJECT_ID)
    services.credentials.add_memory_profile(profile, creds)
    services.credentials.add_memory_profile(demo_profile(emulator), DEMO)
    client = run(qtbot, services.vod_clients.client("huawei"))
    assert isinstance(client, HuaweiVodClient) and client.project_id == hc.HUAWEI_DEMO_PROJECT_ID
    assert client._http is services.http.get()  # one connection pool for the whole app
    assert run(qtbot, services.vod_clients.client("huawei")) is client
    snapshots = run(qtbot, client.pager(HUAWEI_ASSET_ID_OK).all_snapshots())
    assert [s.offset_s for s in snapshots] == [12.0 * n for n in range(10)]
    # The Alibaba profile beside it keeps its own kind of client.
    assert not isinstance(run(qtbot, services.vod_clients.client("emulator")), HuaweiVodClient)


def test_a_huawei_profile_without_a_project_id_cannot_make_a_client(services, qtbot) -> None:
    from snapview.core.credentials import HuaweiCredentials, Provider

    services.credentials.add_memory_profile(
        Profile("no-project", provider=Provider.HUAWEI, access_key_id="HPUAX"),
        HuaweiCredentials("HPUAX", HUAWEI_SK, ""),
    )
    with pytest.raises(VodError) as info:
        run(qtbot, services.vod_clients.client("no-project"))
    assert "A project ID is needed" in info.value.user_message.english()


def test_a_profile_that_does_not_exist_is_a_credential_error(services, qtbot) -> None:
    with pytest.raises(CredentialError) as info:
        run(qtbot, services.vod_clients.client("nobody"))
    assert info.value.kind is CredentialErrorKind.NO_SUCH_PROFILE
    assert "nobody" in info.value.user_message.english()


def test_webvtt_cues_become_frames_with_times_and_regions(services, qtbot, emulator) -> None:
    services.credentials.add_memory_profile(demo_profile(emulator), DEMO)
    client = run(qtbot, services.vod_clients.client("emulator"))
    sheets = client.pager(SPRITE_VIDEO_ID, SnapshotType.SPRITE)
    vtt = client.pager(SPRITE_VIDEO_ID, SnapshotType.WEBVTT)
    frames = run(qtbot, list_frames(vtt, sheets, services.http.get()))
    assert len(frames.frames) == 50
    assert frames.first_page is not None and frames.first_page.snapshot_type == "SpriteSnapshot"
    starts = [f.start_ms or 0 for f in frames.frames]
    assert frames.frames[0].start_ms == 0 and starts == sorted(starts)
    assert all(f.region is not None and f.sheet_index in (1, 2) for f in frames.frames)


def test_without_a_track_the_sheet_size_gives_the_cells(services, qtbot, emulator) -> None:
    services.credentials.add_memory_profile(demo_profile(emulator), DEMO)
    client = run(qtbot, services.vod_clients.client("emulator"))
    no_track = client.pager(SHORT_VIDEO_ID, SnapshotType.WEBVTT)  # a video without sprites
    sheets = client.pager(SPRITE_VIDEO_ID, SnapshotType.SPRITE)
    frames = run(qtbot, list_frames(no_track, sheets, services.http.get()))
    # The grid guessed from the first sheet's header (core.sprites.infer_grid) cuts both sheets.
    per_sheet = [f for f in frames.frames if f.sheet_index == 1]
    assert len(per_sheet) > 1 and len(frames.frames) == 2 * len(per_sheet)
    sizes = {f.region[2:] for f in frames.frames if f.region is not None}
    assert len(sizes) == 1 and min(sizes.pop()) > 0


class _Listed:
    """A listing of fixed snapshots (the frame list only reads them)."""

    def __init__(self, snapshots: Sequence[Snapshot]) -> None:
        self.snapshots = list(snapshots)

    async def all_snapshots(self) -> Sequence[Snapshot]:
        return self.snapshots

    def cached(self, page_no: int) -> SnapshotPage | None:
        return None


def test_a_track_that_cannot_be_downloaded_says_so(services, qtbot, emulator) -> None:
    missing = _Listed([Snapshot(1, f"{emulator.base_url}/no-such-track.vtt?auth_key=secret")])
    with pytest.raises(FrameListError) as info:
        run(qtbot, list_frames(missing, None, services.http.get()))  # type: ignore[arg-type]
    text = info.value.user_message.english()
    assert text.startswith("Could not download the WebVTT track: HTTP 404")
    assert "secret" not in text
