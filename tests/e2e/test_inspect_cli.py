"""`snapview inspect` as a user runs it: a readable summary, JSON Lines with --json, signatures
checked with --cert / SNAPVIEW_MFS_KEY, and malformed input reported as FILE:LINE:COL with status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.huawei.smn_signing import identity, mfs_callback, seed_event, smn_envelope

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"


def _run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snapview", "inspect", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_summary_of_the_seed_event() -> None:
    result = _run(str(FIXTURES / "thumbnail_succeed_seed.json"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "thumbnailComplete" in out and "14d7b2faba0dddd6b4e8936272d6bc3f" in out
    assert "sample: 6 snapshots" in out and "00:25" in out
    assert "signature: not-applicable" in out
    assert "Traceback" not in result.stderr


def test_failed_event_summary_says_failed_with_code() -> None:
    result = _run(str(FIXTURES / "thumbnail_failed.json"))
    assert result.returncode == 0
    assert "FAILED  VOD.10053: (no message)" in result.stdout


def test_json_lines_output_with_a_broken_line(tmp_path: Path) -> None:
    result = _run("--json", str(FIXTURES / "events_with_broken_line.jsonl"))
    assert result.returncode == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["SUCCEED", "FAILED", "SUCCEED", "SUCCEED"]
    first = rows[0]
    assert set(first) >= {
        "envelope",
        "signature",
        "event_type",
        "asset_id",
        "status",
        "sample",
        "dots",
        "error_code",
        "error_msg",
    }
    assert first["sample"] == [
        {"offset": 0, "url": "https://1.cdn-vod.huaweicloud.com/a/0.jpg"},
        {"offset": 12, "url": "https://1.cdn-vod.huaweicloud.com/a/12.jpg"},
    ]
    assert rows[1]["error_code"] == "VOD.10053"
    [error_line] = result.stderr.strip().splitlines()
    assert error_line.startswith(str(FIXTURES / "events_with_broken_line.jsonl") + ":3:")


def test_malformed_stdin_exits_2_with_position() -> None:
    result = _run("-", stdin='{\n  "event_type": "thumbnailComplete",\n  "thumbnail_info": {\n}')
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("<stdin>:4:2: ")
    assert "Traceback" not in result.stderr


def test_smn_signature_checked_with_cert_and_tampering_detected(tmp_path: Path) -> None:
    cert = tmp_path / "smn.pem"
    cert.write_bytes(identity().cert_pem)
    good = smn_envelope(seed_event())
    bad = dict(good, message=good["message"].replace("SUCCEED", "FAILED"))
    log = tmp_path / "smn.jsonl"
    log.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    rows = [
        json.loads(x) for x in _run("--json", "--cert", str(cert), str(log)).stdout.splitlines()
    ]
    assert [(r["envelope"], r["signature"]) for r in rows] == [("smn", "valid"), ("smn", "invalid")]
    no_cert = [json.loads(x) for x in _run("--json", str(log)).stdout.splitlines()]
    assert [r["signature"] for r in no_cert] == ["unverified", "unverified"]


def test_mfs_key_from_environment_and_folder_input(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(mfs_callback(seed_event(), key="mfs-key-abcdef")))
    (tmp_path / "b.json").write_text((FIXTURES / "thumbnail_failed.json").read_text())
    (tmp_path / "notes.md").write_text("not an event")
    result = _run("--json", str(tmp_path), env={"SNAPVIEW_MFS_KEY": "mfs-key-abcdef"})
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["envelope"], r["signature"], r["status"]) for r in rows] == [
        ("mfs", "valid", "SUCCEED"),
        ("none", "not-applicable", "FAILED"),
    ]
    wrong = _run("--json", str(tmp_path), env={"SNAPVIEW_MFS_KEY": "wrong-key-xyz"})
    assert json.loads(wrong.stdout.splitlines()[0])["signature"] == "invalid"
    assert "mfs-key-abcdef" not in wrong.stdout + wrong.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr
