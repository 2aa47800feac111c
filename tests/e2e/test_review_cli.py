"""`snapview review` as a user runs it: separate processes against the emulator over loopback, with
the SDK environment variables as credentials. Mark, list, export CSV/JSON/PDF, import into a fresh
store, export again — the same decisions. Every bad input is one specific line and status 2; a
decision that cannot be saved says so with status 1; no secret lands in any file written."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from snapview.emulator import catalog

pytestmark = pytest.mark.e2e

VIDEO = catalog.DEFECTS_VIDEO_ID
ENV_NAMES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)


def review(
    *args: str,
    creds: bool = True,
    cwd: Path | None = None,
    config: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ENV_NAMES and not k.startswith("HUAWEICLOUD_")
    }
    env.update(extra_env or {})
    if config is not None:
        env["SNAPVIEW_CONFIG_DIR"] = str(config)
    if creds:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = catalog.DEMO_ACCESS_KEY_ID
        env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = catalog.DEMO_ACCESS_KEY_SECRET
    return subprocess.run(
        [sys.executable, "-m", "snapview", "review", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False, cwd=cwd,
    )  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def one_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def decisions_of(path: Path) -> list[tuple[object, ...]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return sorted(
        (d["decision_id"], d["video_id"], d["snapshot_type"], d["index"], d["decision"], d["reason"],
         d["comment"], d["reviewer"], d["decided_at"], d["job_id"])
        for d in document["decisions"]
    )  # fmt: skip


def test_mark_list_export_import_export_gives_the_same_decisions(emulator, tmp_path: Path) -> None:
    db, fresh = str(tmp_path / "mine.sqlite3"), str(tmp_path / "theirs.sqlite3")
    at = ("--endpoint", emulator.base_url, "--type", "normal", "--db", db)
    out = ok(
        review(
            "mark",
            VIDEO,
            "5-6",
            "--reject",
            "black",
            "--comment",
            "开场黑屏",
            "--reviewer",
            "李伟",
            *at,
        )
    )
    assert out == (
        f"2 decisions recorded: rejected (black), {VIDEO} NormalSnapshot #5-6, "
        "job 01422590462b197cc6819fa8db62c2f2, by 李伟\n"
    )
    ok(review("mark", VIDEO, "12-16", "--reject", "frozen", *at))
    ok(review("mark", VIDEO, "1-4", "7", "21", "--approve", *at))
    ok(review("mark", VIDEO, "21", "--reject", "broken_link", *at))  # changes its mind
    ok(review("mark", VIDEO, "7", "--clear", *at))

    listing = ok(review("list", VIDEO, "--db", db))
    assert (
        "Verdict   failed" in listing
        and "Reviewed  12 of 72: 4 approved, 8 rejected, 0 stale" in listing
    )
    assert "开场黑屏" in listing and "broken_link" in listing
    as_json = json.loads(ok(review("list", VIDEO, "--json", "--db", db)))
    assert as_json["videos"][0]["counts"]["by_reason"] == {
        "black": 2,
        "broken_link": 1,
        "frozen": 5,
    }

    first_json, second_json = tmp_path / "first.json", tmp_path / "second.json"
    csv_file, pdf_file = tmp_path / "report.csv", tmp_path / "report.pdf"
    ok(review("export", "--format", "json", "-o", str(first_json), "--db", db))
    ok(
        review(
            "export", VIDEO, "--format", "csv", "-o", str(csv_file), "--lang", "zh_CN", "--db", db
        )
    )
    pdf_line = ok(
        review(
            "export",
            "--format",
            "pdf",
            "-o",
            str(pdf_file),
            "--endpoint",
            emulator.base_url,
            "--db",
            db,
        )
    )
    assert (
        pdf_line.startswith("12 snapshots of 1 videos on 2 pages") and "1 placeholders" in pdf_line
    )

    imported = ok(review("import", str(first_json), "--db", fresh))
    assert imported == (
        f"{first_json}: 13 decisions read: 13 now current, 0 older than the ones here (kept in the "
        "history), 0 already here; 0 rows skipped\n"
    )  # 12 marks and the cleared #7
    ok(review("export", "--format", "json", "-o", str(second_json), "--db", fresh))
    assert decisions_of(first_json) == decisions_of(second_json)
    assert len(decisions_of(first_json)) == 13

    rows = list(csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig"))))
    assert [r[9] for r in rows[1:3]] == ["黑帧", "黑帧"]  # reason_label in Chinese, rejected first
    # The demo secret appears in none of the files snapview wrote.
    secret = catalog.DEMO_ACCESS_KEY_SECRET.encode()
    for path in tmp_path.iterdir():
        assert secret not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("mark", VIDEO, "3", "--reject", "blak"),
            "Unknown reject reason “blak”; use one of: black, frozen,",
        ),
        (("mark", VIDEO, "3-1", "--approve"), "'3-1' is not a snapshot index: indexes start at 1"),
        (
            ("mark", VIDEO, "x", "--approve"),
            "'x' is not a snapshot index (a whole number, or a range like 5-9)",
        ),
        (("mark", VIDEO, "3", "--approve", "--type", "sampel"), "Unknown snapshot type “sampel”"),
        (
            ("mark", VIDEO, "3", "--approve", "--account", "LTAI5tSnapviewDemoKey01"),
            "looks like an AccessKey ID",
        ),
        (
            ("export", "--format", "csv", "-o", "x.csv", "--since", "2026-13-01"),
            "--since: '2026-13-01' is not a date; use YYYY-MM-DD",
        ),
        (
            (
                "export",
                "--format",
                "csv",
                "-o",
                "x.csv",
                "--since",
                "2026-11-21",
                "--until",
                "2026-11-20",
            ),
            "--since 2026-11-21 is not before --until 2026-11-20",
        ),
        (("export", "--format", "pdf", "-o", "-"), "a PDF needs a file"),
        (
            ("list", VIDEO, "--db", "postgresql://li:pw@db/review"),
            "A password inside the database URL is not accepted",
        ),
    ],
    ids=[
        "reason",
        "range",
        "index",
        "type",
        "account",
        "date",
        "date-order",
        "pdf-stdout",
        "server-url",
    ],
)
def test_bad_input_is_one_specific_line_and_status_2(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    db = () if "--db" in args else ("--db", str(tmp_path / "r.sqlite3"))
    line = one_error(
        review(*args, *db, "--offline") if args[0] == "mark" else review(*args, *db, cwd=tmp_path),
        2,
    )
    assert message in line
    assert "pw@" not in line
    assert not (tmp_path / "r.sqlite3").exists() or args[0] != "mark"  # nothing recorded


def test_an_index_beyond_total_is_refused_when_the_listing_answers(
    emulator, tmp_path: Path
) -> None:
    db = tmp_path / "r.sqlite3"
    line = one_error(
        review(
            "mark",
            VIDEO,
            "71-73",
            "--approve",
            "--type",
            "normal",
            "--endpoint",
            emulator.base_url,
            "--db",
            str(db),
        ),
        2,
    )
    assert line == (
        f"snapview review mark: index 73 is beyond Total 72 of NormalSnapshot for video {VIDEO} "
        "(job 01422590462b197cc6819fa8db62c2f2); nothing recorded"
    )
    assert not db.exists()


def test_without_a_reachable_listing_marks_are_recorded_unchecked_with_a_note(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "r.sqlite3")
    result = review("mark", VIDEO, "999", "--approve", "--job", "job-7", "--db", db, creds=False)
    assert ok(result).startswith(
        f"1 decision recorded: approved, {VIDEO} CoverSnapshot #999, job job-7"
    )
    assert result.stderr.startswith(
        "snapview review mark: note: indexes not checked against Total (no credentials: set "
        "ALIBABA_CLOUD_ACCESS_KEY_ID"
    )
    unreachable = review(
        "mark", VIDEO, "1", "--approve", "--endpoint", "http://127.0.0.1:9", "--db", db
    )
    assert ok(unreachable).startswith("1 decision recorded")
    assert (
        "indexes not checked against Total (" in unreachable.stderr
        and "job unknown" in unreachable.stderr
    )


def test_import_reports_skipped_rows_and_refuses_files_that_are_not_exports(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    good = {
        "decision_id": "0" * 31 + "1", "provider": "aliyun", "region": "cn-shanghai", "account": "QA",
        "video_id": VIDEO, "snapshot_type": "NormalSnapshot", "index": 1, "job_id": "j", "decision": "approved",
        "reason": None, "comment": "", "reviewer": "li", "decided_at": "2026-11-20T08:00:00.000Z",
    }  # fmt: skip
    broken = {**good, "decision_id": "0" * 31 + "2", "decision": "rejected", "reason": "blak"}
    newer = tmp_path / "newer.json"
    newer.write_text(
        json.dumps({"format": "snapview-review", "format_version": 9, "decisions": [good, broken]})
    )
    result = review("import", str(newer), "--db", db)
    assert result.returncode == 1
    assert "format 9; this version reads format 1" in result.stderr
    assert "1 decisions read: 1 now current" in result.stdout and "1 rows skipped" in result.stdout
    assert "skipped decisions[1]: Unknown reject reason “blak”" in result.stderr

    not_json = tmp_path / "notes.txt"
    not_json.write_text("these are my notes\n")
    line = one_error(review("import", str(not_json), "--db", db), 2)
    assert line == (
        f"snapview review import: {not_json} is not JSON: it starts with “these are my notes” "
        "(line 1, column 1)."
    )
    # In Chinese (--lang, as the language setting would): the file and the place, no English.
    line = one_error(review("import", str(not_json), "--db", db, "--lang", "zh_CN"), 2)
    assert line == (
        f"snapview review import: {not_json} 不是 JSON 文件：开头是“these are my notes”"
        "（第 1 行第 1 列）。"
    )
    truncated = tmp_path / "half.json"
    truncated.write_text('{"format": "snapview-review", "decisions": [')
    line = one_error(review("import", str(truncated), "--db", db, "--lang", "zh_CN"), 2)
    assert (
        line == f"snapview review import: {truncated} 提前结束，文件可能不完整（第 1 行第 45 列）。"
    )
    line = one_error(review("import", str(tmp_path / "missing.json"), "--db", db), 2)
    assert "cannot read" in line and "No such file" in line


def test_a_store_that_cannot_be_written_says_not_saved(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    ok(review("mark", VIDEO, "1", "--approve", "--offline", "--db", str(db)))
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00.000Z')")
    connection.commit()
    connection.close()
    line = one_error(review("mark", VIDEO, "2", "--approve", "--offline", "--db", str(db)), 1)
    from snapview.services.review_store.schema import latest_version

    assert f"newer snapview (schema 99; this version knows up to {latest_version()})" in line


def test_the_reviewer_name_is_set_once_and_stamped_on_every_decision(tmp_path: Path) -> None:
    config, db = tmp_path / "config", str(tmp_path / "r.sqlite3")
    assert ok(review("reviewer", "李伟", config=config)) == "李伟\n"
    assert ok(review("reviewer", config=config)) == "李伟\n"
    out = ok(review("mark", VIDEO, "1", "--approve", "--offline", "--db", db, config=config))
    assert out.endswith("by 李伟\n")
    line = one_error(review("reviewer", "x" * 101, config=config), 2)
    assert "at most 100 characters" in line


def test_huawei_assets_are_checked_against_their_listing_and_drawn_in_the_pdf(
    emulator, tmp_path: Path
) -> None:
    from snapview.emulator import huawei_catalog as hc

    db, pdf = str(tmp_path / "r.sqlite3"), tmp_path / "huawei.pdf"
    env = {
        "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_AK,
        "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": hc.HUAWEI_DEMO_PROJECT_ID,
    }
    at = ("--provider", "huawei", "--type", "sample", "--endpoint", emulator.base_url, "--db", db)
    out = ok(review("mark", catalog.HUAWEI_ASSET_ID_OK, "1-3", "--approve", *at, extra_env=env))
    assert out.startswith(
        f"3 decisions recorded: approved, {catalog.HUAWEI_ASSET_ID_OK} sample #1-3"
    )
    line = one_error(
        review("mark", catalog.HUAWEI_ASSET_ID_OK, "999", "--approve", *at, extra_env=env), 2
    )
    assert "index 999 is beyond Total" in line and "of sample" in line
    exported = review(
        "export",
        "--format",
        "pdf",
        "-o",
        str(pdf),
        "--endpoint",
        emulator.base_url,
        "--db",
        db,
        extra_env=env,
    )
    assert (
        ok(exported).startswith("3 snapshots of 1 videos on 2 pages")
        and "(3 pictures, 0 placeholders)" in exported.stdout
    )
    assert hc.HUAWEI_DEMO_SK.encode() not in pdf.read_bytes()
