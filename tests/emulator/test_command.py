"""`snapview emulator` as a user runs it: the ready line, pasteable credentials, clean shutdown on signals,
--print-catalog, custom catalogues, clear errors; and the process runner the demo mode uses."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from snapview.emulator import catalog as cat
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import EmulatorProcessError, start_emulator_process
from tests.emulator.signed_calls import v1_call

COMMAND = [sys.executable, "-m", "snapview", "emulator"]


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_ready_lines_then_clean_exit_on_signal(signum) -> None:
    process = _spawn("--seed", "4")
    try:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline().strip()
        key_line = process.stdout.readline().strip()
        secret_line = process.stdout.readline().strip()
        assert first.startswith("snapview emulator listening on http://127.0.0.1:")
        base_url = first.rsplit(" ", 1)[1]
        assert key_line == f"ALIBABA_CLOUD_ACCESS_KEY_ID={cat.DEMO_ACCESS_KEY_ID}"
        assert secret_line == f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={cat.DEMO_ACCESS_KEY_SECRET}"
        assert v1_call(base_url, {"VideoId": cat.SHORT_VIDEO_ID}).status_code == 200
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_print_catalog_lists_videos_and_what_is_special() -> None:
    result = subprocess.run(
        [*COMMAND, "--print-catalog"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    videos = {v["VideoId"]: v for v in data["Alibaba"]["Videos"]}
    assert videos[cat.LONG_VIDEO_ID]["Jobs"][0]["Totals"]["NormalSnapshot"] == 10_000
    assert videos[cat.PROCESSING_VIDEO_ID]["Status"] == "Transcoding"
    assert videos[cat.DEFECTS_VIDEO_ID]["Defects"]["missing"] == [21]
    assert videos[cat.EXPIRING_VIDEO_ID]["UrlValiditySeconds"] == 45
    assert {a["asset_id"] for a in data["Huawei"]["Assets"]} == {
        cat.HUAWEI_ASSET_ID_OK,
        cat.HUAWEI_ASSET_ID_FAILED,
    }


def test_bad_catalogue_and_bad_options_are_clear(tmp_path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"Videos": [{"VideoId": 5}]}', encoding="utf-8")
    result = subprocess.run(
        [*COMMAND, "--catalog", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Videos[0]: a video needs a string VideoId" in result.stderr
    assert "Traceback" not in result.stderr
    not_json = tmp_path / "notes.json"
    not_json.write_text("videos: none", encoding="utf-8")
    result = subprocess.run(
        [*COMMAND, "--print-catalog", "--catalog", str(not_json)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not valid JSON (line 1" in result.stderr
    result = subprocess.run(
        [*COMMAND, "--throttle-rate", "1.5"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not a fraction between 0 and 1" in result.stderr


def test_custom_catalogue_from_a_file(emulator_factory, tmp_path) -> None:
    video_id = "0123456789abcdef0123456789abcdef"
    path = tmp_path / "catalogue.json"
    path.write_text(
        json.dumps(
            {
                "Videos": [
                    {
                        "VideoId": video_id,
                        "Title": "Mine",
                        "Jobs": [{"JobId": "job-1", "Covers": 3, "Normal": 7}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    emulator = emulator_factory(catalog_path=path)
    response = v1_call(emulator.base_url, {"VideoId": video_id, "SnapshotType": "NormalSnapshot"})
    assert response.json()["MediaSnapshot"]["Total"] == 7
    # Only the file's videos are served; the demo keys still work.
    assert (
        v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}).json()["Code"]
        == "InvalidVideo.NotFound"
    )


def test_process_runner_starts_serves_and_stops() -> None:
    with start_emulator_process(EmulatorConfig(seed=2)) as process:
        assert process.access_key_id == cat.DEMO_ACCESS_KEY_ID
        response = httpx.get(
            f"{process.base_url}/huawei/events/{cat.HUAWEI_ASSET_ID_OK}", timeout=10
        )
        assert response.json()["thumbnail_info"]["status"] == "SUCCEED"
    assert process.returncode == 0


def test_process_runner_reports_why_it_failed() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EmulatorProcessError, match=f"cannot listen on 127.0.0.1:{port}"):
            start_emulator_process(EmulatorConfig(port=port))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"Videos": {"a": 1}}', "Videos must be a list"),
        (
            '{"Videos": [{"VideoId": "v", "Width": "wide", "Jobs": [{"JobId": "j"}]}]}',
            "Videos[0]: invalid literal",
        ),
        ('{"Videos": [{"VideoId": "v", "Jobs": []}]}', "Videos[0]: a video needs at least one job"),
        (
            '{"Videos": [{"VideoId": "v", "Jobs": [{"JobId": "j", "Covers": "x"}]}]}',
            "Videos[0].Jobs[0]:",
        ),
        (
            '{"AccessKeys": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Permissions": "all"}]}',
            "Permissions: expected a list",
        ),
        (
            '{"HuaweiAssets": [{"asset_id": "a", "dots": [1.5]}]}',
            "HuaweiAssets[0].dots: expected a list of integers",
        ),
    ],
)
def test_catalogue_mistakes_name_the_entry(tmp_path, document, message) -> None:
    from snapview.emulator.catalog import CatalogError
    from snapview.emulator.catalog_file import load_catalog

    path = tmp_path / "catalogue.json"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(CatalogError, match=re.escape(message)) as info:
        load_catalog(path)
    assert str(path) in str(info.value)
