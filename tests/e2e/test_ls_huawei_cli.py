"""`snapview ls --provider huawei` as a user runs it: a separate process against the emulator over
loopback, credentials from ``HUAWEICLOUD_SDK_*``. Every snapshot in offset order, even when the API
throttles, fails, resets and cuts bodies short; every bad input a specific one-line message before
any request; never a traceback, never a secret in the output."""

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


def ls(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("HUAWEICLOUD_SDK_")}
    return subprocess.run(
        [sys.executable, "-m", "snapview", "ls", "--provider", "huawei", *args],
        capture_output=True,
        text=True,
        env={**base, **(ENV if env is None else env)},
        timeout=300,
        check=False,
    )


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("snapview ls: ")
    assert hc.HUAWEI_DEMO_SK not in result.stderr + result.stdout
    return lines[0]


def _expected(asset_id: str) -> list[tuple[str, int]]:
    asset = hc.HuaweiLibrary(cat.default_catalog(), generated=0).asset(asset_id)
    assert asset is not None
    rows = [(kind, t) for kind in ("sample", "dots", "quantity") for t in asset.offsets(kind)]
    order = {"sample": 0, "dots": 1, "quantity": 2}
    return sorted(rows, key=lambda row: (row[1], order[row[0]]))


def test_all_json_lists_every_snapshot_under_faults(emulator_factory) -> None:
    emu = emulator_factory(
        seed=11, fault_rate=0.08, throttle_rate=0.08, reset_rate=0.05, truncate_rate=0.08
    )
    result = ls(hc.LONG_ASSET_ID, "--all", "--json", "--endpoint", emu.base_url)
    assert result.returncode == 0, result.stderr[-2000:]
    document = json.loads(result.stdout)
    assert document["asset_id"] == hc.LONG_ASSET_ID
    assert document["thumbnail_status"] == "THUMBNAIL_SUCCEED"
    rows = [(s["kind"], s["offset"]) for s in document["snapshots"]]
    assert rows == _expected(hc.LONG_ASSET_ID)  # every one, in offset order, no duplicate, no gap
    assert document["totals"] == {"sample": 3600, "dots": 4, "quantity": 10}
    assert len({s["url"] for s in document["snapshots"]}) == len(rows)
    server = emu.stats
    # Every kind of fault really happened on the way, and paging used the details API.
    assert server["throttled"] and server["resets"] and server["truncated"] and server["faults"]
    assert server["list_thumbnail_details"] >= 36


def test_table_shows_offsets_as_clock_times_and_kinds(emulator) -> None:
    result = ls(cat.HUAWEI_ASSET_ID_OK, "--endpoint", emulator.base_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "Status        THUMBNAIL_SUCCEED"
    assert "sample 10, dots 4" in lines[2]
    rows = [line.split() for line in lines if line.strip().startswith(("00:", "01:"))]
    assert [(r[0], r[1]) for r in rows[:4]] == [
        ("00:00", "sample"),
        ("00:05", "dots"),
        ("00:12", "sample"),
        ("00:17", "dots"),
    ]


def test_kind_picks_one_list(emulator) -> None:
    result = ls(cat.HUAWEI_ASSET_ID_OK, "--kind", "dots", "--json", "--endpoint", emulator.base_url)
    assert result.returncode == 0, result.stderr
    assert [(s["kind"], s["offset"]) for s in json.loads(result.stdout)["snapshots"]] == [
        ("dots", 5),
        ("dots", 17),
        ("dots", 42),
        ("dots", 90),
    ]


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (("abc123",), None, "is not a Huawei media asset ID: an asset ID is 32 hexadecimal"),
        (
            (cat.HUAWEI_ASSET_ID_OK, "--region", "eu-west-0"),
            None,
            "is not a Huawei Cloud VOD region",
        ),
        (
            (cat.HUAWEI_ASSET_ID_OK,),
            {k: v for k, v in ENV.items() if k != "HUAWEICLOUD_SDK_PROJECT_ID"},
            "no project ID: set HUAWEICLOUD_SDK_PROJECT_ID or pass --project-id",
        ),
        (
            (cat.HUAWEI_ASSET_ID_OK, "--project-id", "my-project"),
            None,
            "is not a Huawei Cloud project ID",
        ),
        (
            (cat.HUAWEI_ASSET_ID_OK,),
            {},
            "No Huawei Cloud credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
        ),
        ((cat.HUAWEI_ASSET_ID_OK, "--type", "normal"), None, "--type is for Alibaba Cloud"),
    ],
    ids=["asset-id", "region", "no-project", "bad-project", "no-credentials", "alibaba-option"],
)
def test_bad_input_is_refused_before_any_request(args, env, words) -> None:
    # Port 9 (discard) on loopback: a request would fail with a network error, not this message.
    where = () if "--region" in args else ("--endpoint", "http://127.0.0.1:9")
    result = ls(*args, *where, env=env)
    line = _one_error_line(result)
    assert words.lower() in line.lower()
    assert result.returncode == 2


@pytest.mark.parametrize(
    ("asset_id", "env", "words"),
    [
        ("0" * 32, None, "The media asset does not exist in this project"),
        (hc.THUMBNAILING_ASSET_ID, None, "still taking this asset's snapshots"),
        (hc.UN_THUMBNAIL_ASSET_ID, None, "No snapshots have been taken of this asset yet"),
        (
            cat.HUAWEI_ASSET_ID_FAILED,
            None,
            "could not take this asset's snapshots: The media file is damaged",
        ),
        (
            cat.HUAWEI_ASSET_ID_OK,
            {**ENV, "HUAWEICLOUD_SDK_SK": "a-wrong-sk"},
            "The secret key (SK) is wrong",
        ),
        (
            cat.HUAWEI_ASSET_ID_OK,
            {**ENV, "HUAWEICLOUD_SDK_AK": "NOSUCHAK000000000000"},
            "(AK) is not known",
        ),
        (
            cat.HUAWEI_ASSET_ID_OK,
            {
                **ENV,
                "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_NO_PERMISSION_AK,
                "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_NO_PERMISSION_SK,
            },
            "not allowed to read VOD media assets",
        ),
        (
            cat.HUAWEI_ASSET_ID_OK,
            {**ENV, "HUAWEICLOUD_SDK_PROJECT_ID": "1" * 32},
            "Check the project ID",
        ),
    ],
    ids=[
        "unknown-asset",
        "thumbnailing",
        "un-thumbnail",
        "failed",
        "wrong-sk",
        "unknown-ak",
        "no-permission",
        "other-project",
    ],
)
def test_api_refusals_are_one_clear_line(emulator, asset_id, env, words) -> None:
    result = ls(asset_id, "--endpoint", emulator.base_url, env=env)
    line = _one_error_line(result)
    assert words in line
    assert result.returncode == 1
    assert "Signature=" not in result.stderr


def test_a_failed_task_still_gives_scripts_its_state(emulator) -> None:
    result = ls(cat.HUAWEI_ASSET_ID_FAILED, "--json", "--endpoint", emulator.base_url)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["thumbnail_status"] == "THUMBNAIL_FAILED"
    assert document["exec_desc"] == "The media file is damaged and cannot be snapshotted."
    assert document["snapshots"] == []


def test_temporary_credentials_come_from_the_environment(emulator) -> None:
    temporary = {
        **ENV,
        "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_TEMP_AK,
        "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_TEMP_SK,
    }
    line = _one_error_line(
        ls(cat.HUAWEI_ASSET_ID_OK, "--endpoint", emulator.base_url, env=temporary)
    )
    assert "security token" in line
    temporary["HUAWEICLOUD_SDK_SECURITY_TOKEN"] = hc.HUAWEI_DEMO_SECURITY_TOKEN
    result = ls(
        cat.HUAWEI_ASSET_ID_OK, "--json", "-v", "--endpoint", emulator.base_url, env=temporary
    )
    assert result.returncode == 0, result.stderr
    assert hc.HUAWEI_DEMO_SECURITY_TOKEN not in result.stderr + result.stdout
