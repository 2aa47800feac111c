"""`snapview scan` as a pipeline runs it: a separate process against an emulator process with its
fault flags on, credentials from the SDK environment variables, JSON on stdout, the exit status
as the gate (0 clean, 1 found, 2 bad input), tokens never printed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from snapview.emulator import catalog as cat
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import start_emulator_process

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def flaky_emulator():
    config = EmulatorConfig(image_fault_rate=0.2, fault_rate=0.15, throttle_rate=0.1, seed=3)
    with start_emulator_process(config) as emulator:
        yield emulator


def scan(emulator, *args: str, env_extra: dict[str, str] | None = None, cache=None, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = cat.DEMO_ACCESS_KEY_ID
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = cat.DEMO_ACCESS_KEY_SECRET
    if cache is not None:
        env["SNAPVIEW_CACHE_DIR"] = str(cache)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "snapview", "scan", "--endpoint", emulator.base_url, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
        check=False,
    )


def test_json_reports_the_planted_defects_and_retries_transient_faults(
    flaky_emulator, tmp_path
) -> None:
    result = scan(
        flaky_emulator,
        "--json",
        "--concurrency",
        "2",
        cat.DEFECTS_VIDEO_ID,
        cat.SHORT_VIDEO_ID,
        cache=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    defects, short = (json.loads(line) for line in result.stdout.splitlines())
    assert list(defects) == [
        "video_id",
        "provider",
        "snapshot_type",
        "job_id",
        "total",
        "snapshots",
        "job_flags",
        "summary",
    ]
    assert (defects["video_id"], defects["provider"], defects["total"]) == (
        cat.DEFECTS_VIDEO_ID,
        "aliyun",
        72,
    )
    found = {
        s["index"]: s["failure"] or s["flags"][0]
        for s in defects["snapshots"]
        if s["failure"] or s["flags"]
    }
    # Exactly the planted ones: the emulator's 503s, resets and cut bodies were retried away.
    assert found == {
        5: "black", 6: "black", 12: "frozen", 13: "frozen", 14: "frozen", 15: "frozen",
        16: "frozen", 21: "not_found", 27: "corrupt", 33: "not_image", 50: "uniform",
        52: "uniform", 54: "letterbox", 56: "letterbox", 58: "blurred", 60: "repeat",
        62: "wrong_aspect", 64: "corrupt", 68: "empty", 70: "expired", 71: "forbidden",
        72: "too_large",
    }  # fmt: skip
    assert defects["job_flags"] == []
    assert defects["summary"] == {
        "scanned": 72,
        "failed": 8,
        "flagged": 13,
        "errors": 0,
        "by_flag": {
            "black": 2, "blurred": 1, "frozen": 5, "letterbox": 2, "repeat": 1, "uniform": 2,
            "wrong_aspect": 1,
        },
        "by_failure": {
            "corrupt": 2, "empty": 1, "expired": 1, "forbidden": 1, "not_found": 1,
            "not_image": 1, "too_large": 1,
        },
    }  # fmt: skip
    missing = next(s for s in defects["snapshots"] if s["index"] == 21)
    assert missing == {
        "index": 21,
        "offset": None,
        "state": "failed",
        "failure": "not_found",
        "flags": [],
        "details": {"not_found": missing["details"]["not_found"]},
    }
    assert "auth_key=***" in missing["details"]["not_found"]["url"]
    assert short["summary"]["flagged"] == short["summary"]["failed"] == 0
    assert short["job_flags"] == [] and len(short["snapshots"]) == 60
    # No signing token anywhere in the output.
    assert "auth_key=1" not in result.stdout and "auth_key=2" not in result.stdout


def test_a_clean_video_exits_0_with_a_table(flaky_emulator, tmp_path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(f"# the short demo video\n{cat.SHORT_VIDEO_ID}\n\n", encoding="utf-8")
    result = scan(flaky_emulator, "--ids", str(ids), cache=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No defects found." in result.stdout
    assert "scanned 60 snapshots" in result.stdout


def test_ids_from_stdin_and_a_sprite_scan(flaky_emulator, tmp_path) -> None:
    result = scan(
        flaky_emulator, "--ids", "-", "--type", "sprite", cache=tmp_path, stdin=cat.DEFECTS_VIDEO_ID
    )
    assert result.returncode == 1, result.stderr
    assert "sprite_misaligned" in result.stdout and "region_outside_sheet" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {}, "no video to scan: give VIDEO IDs or --ids FILE"),
        (("a b",), {}, "is not a video ID"),
        (("--type", "thumbnails", cat.SHORT_VIDEO_ID), {}, "Unknown snapshot type"),
        (("--type", "webvtt", cat.SHORT_VIDEO_ID), {}, "scan --type SpriteSnapshot"),
        (("--ids", "/nonexistent/ids.txt"), {}, "cannot read video IDs from /nonexistent/ids.txt"),
        (("0123456789abcdef0123456789abcdef",), {}, "InvalidVideo.NotFound"),
        ((cat.SHORT_VIDEO_ID,), {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}, "no credentials"),
        (("--provider", "huawei", "--type", "sprite", cat.SHORT_VIDEO_ID), {}, "use --kind"),
        (("--kind", "dots", cat.SHORT_VIDEO_ID), {}, "--kind is for --provider huawei"),
    ],
)
def test_bad_input_exits_2_with_one_line(flaky_emulator, tmp_path, args, env, message) -> None:
    result = scan(flaky_emulator, *args, env_extra=env, cache=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("snapview scan: ")


def test_bad_concurrency_is_a_usage_error(flaky_emulator) -> None:
    result = scan(flaky_emulator, "--concurrency", "0", cat.SHORT_VIDEO_ID)
    assert result.returncode == 2 and "must be 1–64" in result.stderr


def test_bad_workers_is_a_usage_error(flaky_emulator) -> None:
    result = scan(flaky_emulator, "--workers", "9", cat.SHORT_VIDEO_ID)
    assert result.returncode == 2 and "must be 0–4, got 9" in result.stderr


def test_worker_processes_and_one_process_report_the_same(flaky_emulator, tmp_path) -> None:
    reports = []
    for workers in ("0", "2"):
        result = scan(
            flaky_emulator,
            "--json",
            "--workers",
            workers,
            cat.DEFECTS_VIDEO_ID,
            cache=tmp_path / workers,
        )
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout)
        reports.append(
            [(s["index"], s["state"], s["failure"], s["flags"]) for s in report["snapshots"]]
        )
    assert reports[0] == reports[1]
    assert sum(1 for _, state, _, _ in reports[0] if state == "failed") == 8


def test_ctrl_c_stops_the_scan_and_its_workers_and_leaves_the_cache_consistent(
    flaky_emulator, tmp_path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = cat.DEMO_ACCESS_KEY_ID
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = cat.DEMO_ACCESS_KEY_SECRET
    env["SNAPVIEW_CACHE_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "snapview", "scan", "--endpoint", flaky_emulator.base_url]
    scan = subprocess.Popen(
        [*command, "--workers", "2", cat.LONG_VIDEO_ID],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 120
        # Under way: the workers have stored some pictures.
        while len(list((tmp_path / "images").rglob("*.entry"))) < 50:
            assert scan.poll() is None and time.monotonic() < deadline, scan.communicate()
            time.sleep(0.05)
        os.killpg(scan.pid, signal.SIGINT)  # what Ctrl+C sends: the scan and its workers
        out, err = scan.communicate(timeout=60)
    finally:
        if scan.poll() is None:
            os.killpg(scan.pid, signal.SIGKILL)
    assert scan.returncode == 130 and "interrupted" in err, err
    assert "Traceback" not in err and out == ""
    # No worker outlived the scan: the process group empties (a worker that has just exited is
    # gone once the system reaps it).
    deadline = time.monotonic() + 30
    while _group_alive(scan.pid):
        assert time.monotonic() < deadline, "a scan worker outlived the scan"
        time.sleep(0.05)
    assert not list(tmp_path.rglob("*.tmp"))  # no half-written cache entry


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
