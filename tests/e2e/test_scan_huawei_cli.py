"""`snapview scan --provider huawei` as a pipeline runs it: a separate process against the emulator's
Huawei API over loopback, credentials from ``HUAWEICLOUD_SDK_*``. A media asset is scanned the same
way a video is — every planted defect at exactly its index, with its second in the video — a
failed thumbnail task is the ``job_failed`` finding with Huawei's reason, an unfinished one is
``processing``; bad input is one line and exit 2; never a traceback or a secret."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from snapview.emulator import catalog as cat
from snapview.emulator import huawei_catalog as hc

pytestmark = pytest.mark.e2e

ENV = {
    "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_AK,
    "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_SK,
    "HUAWEICLOUD_SDK_PROJECT_ID": hc.HUAWEI_DEMO_PROJECT_ID,
}
# What the catalogue plants in the Huawei defects asset (sample kind, one snapshot every 5 s).
PLANTED = {
    5: "black",
    6: "black",
    **dict.fromkeys(range(12, 17), "frozen"),
    21: "not_found",
    27: "corrupt",
    33: "not_image",
}


def scan(emulator, tmp_path, *args: str, env: dict[str, str] | None = None):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HUAWEICLOUD_", "ALIBABA_"))}
    base["SNAPVIEW_CACHE_DIR"] = str(tmp_path)
    endpoint = ("--endpoint", emulator.base_url)
    result = subprocess.run(
        [sys.executable, "-m", "snapview", "scan", "--provider", "huawei", *endpoint, *args],
        capture_output=True,
        text=True,
        env={**base, **(ENV if env is None else env)},
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert hc.HUAWEI_DEMO_SK not in result.stderr + result.stdout
    return result


def test_an_asset_is_scanned_like_a_video_under_faults(emulator_factory, tmp_path) -> None:
    emulator = emulator_factory(
        seed=5, image_fault_rate=0.2, fault_rate=0.1, throttle_rate=0.1, truncate_rate=0.05
    )
    result = scan(emulator, tmp_path, "--json", "--concurrency", "3", hc.DEFECTS_ASSET_ID)
    assert result.returncode == 1, result.stderr
    (document,) = (json.loads(line) for line in result.stdout.splitlines())
    assert (document["video_id"], document["provider"], document["snapshot_type"]) == (
        hc.DEFECTS_ASSET_ID,
        "huawei",
        "sample",
    )
    assert document["total"] == len(document["snapshots"]) == 48
    found = {
        s["index"]: s["failure"] or s["flags"][0]
        for s in document["snapshots"]
        if s["failure"] or s["flags"]
    }
    # Exactly the planted ones: the emulator's faults were retried away.
    assert found == PLANTED
    # Huawei gives each snapshot its second in the video, which the report carries.
    assert [s["offset"] for s in document["snapshots"][:6]] == [0, 5, 10, 15, 20, 25]
    assert document["job_flags"] == []
    assert document["summary"]["failed"] == 3 and document["summary"]["flagged"] == 7


def test_the_table_names_each_finding_with_its_second(emulator, tmp_path) -> None:
    result = scan(emulator, tmp_path, hc.DEFECTS_ASSET_ID)
    assert result.returncode == 1, result.stderr
    assert "(sample, huawei)" in result.stdout
    assert any(line.split()[:3] == ["5", "(20", "s)"] for line in result.stdout.splitlines())
    assert "scanned 48 snapshots" in result.stdout


def test_a_failed_thumbnail_task_is_the_job_failed_finding(emulator, tmp_path) -> None:
    result = scan(emulator, tmp_path, "--json", cat.HUAWEI_ASSET_ID_FAILED)
    assert result.returncode == 1, result.stderr  # found something: the gate stays shut
    (document,) = (json.loads(line) for line in result.stdout.splitlines())
    assert document["snapshots"] == []
    (finding,) = document["job_flags"]
    assert finding["flag"] == "job_failed" and finding["code"] == "THUMBNAIL_FAILED"
    assert finding["exec_desc"] == "The media file is damaged and cannot be snapshotted."


def test_an_unfinished_thumbnail_task_is_processing(emulator, tmp_path) -> None:
    result = scan(emulator, tmp_path, "--json", hc.THUMBNAILING_ASSET_ID)
    assert result.returncode == 1, result.stderr
    (document,) = (json.loads(line) for line in result.stdout.splitlines())
    assert [f["flag"] for f in document["job_flags"]] == ["processing"]


def test_a_clean_asset_exits_0(emulator, tmp_path) -> None:
    result = scan(emulator, tmp_path, "--kind", "dots", cat.HUAWEI_ASSET_ID_OK)
    assert result.returncode == 0, result.stderr
    assert "No defects found." in result.stdout and "(dots, huawei)" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--type", "sprite", hc.DEFECTS_ASSET_ID), None, "--type is for Alibaba Cloud"),
        (("not an asset",), None, "asset"),
        (
            (hc.DEFECTS_ASSET_ID,),
            {k: v for k, v in ENV.items() if k != "HUAWEICLOUD_SDK_PROJECT_ID"},
            "no project ID: set HUAWEICLOUD_SDK_PROJECT_ID or pass --project-id",
        ),
        ((hc.DEFECTS_ASSET_ID,), {}, "set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"),
        ((hc.DEFECTS_ASSET_ID,), {**ENV, "HUAWEICLOUD_SDK_SK": "a-wrong-sk"}, "snapview scan: "),
    ],
)
def test_bad_input_exits_2_with_one_line(emulator, tmp_path, args, env, message) -> None:
    result = scan(emulator, tmp_path, *args, env=env)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("snapview scan: "), result.stderr
