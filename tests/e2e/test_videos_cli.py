"""`snapview videos` as a user runs it: a separate process against the emulator over loopback,
credentials from the SDK environment variables. ``--all --json`` lists every video of the generated
library exactly once and in order, through every fault the emulator can throw; filters list exactly
the matching subset (computed from the catalogue on its own); bad input is one specific line on
stderr and exit status 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from snapview.emulator import catalog as cat
from snapview.emulator.library_catalog import BURST_AT
from tests.helpers.library_expectations import expected_ids

pytestmark = pytest.mark.e2e

ENV_NAMES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)


def videos(
    *args: str, stdin: str | None = None, creds: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    env["TZ"] = "UTC"  # days given as dates are local days; make "local" known
    if creds:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = cat.DEMO_ACCESS_KEY_ID
        env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = cat.DEMO_ACCESS_KEY_SECRET
    return subprocess.run(
        [sys.executable, "-m", "snapview", "videos", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("snapview videos: ")
    return lines[0].removeprefix("snapview videos: ")


def test_all_json_lists_the_whole_library_once_in_order_through_every_fault(
    emulator_factory,
) -> None:
    emu = emulator_factory(
        seed=27, fault_rate=0.05, throttle_rate=0.05, reset_rate=0.03, truncate_rate=0.04,
        scroll_expire_rate=0.05,
    )  # fmt: skip
    result = videos("--all", "--json", "--endpoint", emu.base_url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    expected = expected_ids(emu.catalog)
    assert len(expected) > 6_000
    assert [v["video_id"] for v in document["videos"]] == expected
    assert document["total"] == len(expected)
    stats = emu.stats
    assert stats["faults"] > 0 and stats["throttled"] > 0 and stats["truncated"] > 0
    assert stats["resets"] > 0 and stats["scroll_expired"] > 0
    row = next(v for v in document["videos"] if v["video_id"] == cat.LONG_VIDEO_ID)
    assert row == {
        "video_id": cat.LONG_VIDEO_ID,
        "title": "City timelapse (long)",
        "status": "Normal",
        "duration": 10000.0,
        "creation_time": "2026-11-19T22:01:07Z",
        "cover_url": row["cover_url"],
        "category_id": 900,
    }
    assert row["cover_url"].startswith(f"{emu.base_url}/cdn/{cat.LONG_VIDEO_ID}/")


FILTERS = [
    pytest.param(["--query", "city"], {"words": ("city",)}, id="query"),
    pytest.param(["--query", "夜市 第1"], {"words": ("夜市", "第1")}, id="query-chinese"),
    pytest.param(
        ["--status", "transcodefail", "--status", "UploadFail,ProduceFail"],
        {"statuses": ("TranscodeFail", "UploadFail", "ProduceFail")},
        id="statuses",
    ),
    pytest.param(["--category", "1043"], {"category": 1043}, id="category"),
    pytest.param(
        ["--since", "2026-06-01", "--until", "2026-06-01"],
        {
            "since": (datetime(2026, 6, 1, tzinfo=UTC), True),
            "until": (datetime(2026, 6, 2, tzinfo=UTC), False),
        },
        id="one-day",
    ),
    pytest.param(
        ["--until", "2026-06-01T12:00:00Z", "--status", "Normal", "--oldest-first"],
        {"until": (BURST_AT, True), "statuses": ("Normal",), "newest_first": False},
        id="until-instant-oldest-first",
    ),
]


@pytest.mark.parametrize(("options", "independent"), FILTERS)
def test_filters_list_exactly_the_matching_videos(emulator, options, independent) -> None:
    result = videos(*options, "--all", "--json", "--endpoint", emulator.base_url)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    expected = expected_ids(emulator.catalog, **independent)
    assert expected, "the filter should match something in the generated library"
    assert [v["video_id"] for v in document["videos"]] == expected
    assert document["total"] == len(expected)


def test_without_all_one_page_and_the_total(emulator) -> None:
    result = videos("--endpoint", emulator.base_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    total = len(emulator.catalog.library.entries)
    assert lines[0] == f"{total:,} videos (showing the first 20; --all lists every one)"
    rows = [line for line in lines[3:] if line.strip()]
    assert [row.split()[0] for row in rows] == expected_ids(emulator.catalog)[:20]
    page = json.loads(videos("--json", "--page-size", "7", "--endpoint", emulator.base_url).stdout)
    assert page["total"] == total and len(page["videos"]) == 7


def test_an_id_list_with_garbage_lines_lists_the_valid_part(emulator, tmp_path) -> None:
    unknown = "f" * 32
    listing = tmp_path / "ids.txt"
    listing.write_text(
        f"# from the QA channel\n{cat.DEFECTS_VIDEO_ID}\nsee the ones below\n"
        f"{cat.SHORT_VIDEO_ID}, {unknown}\n{cat.LONG_VIDEO_ID[:-2]}\n{cat.DEFECTS_VIDEO_ID}\n",
        encoding="utf-8",
    )
    result = videos("--ids", str(listing), "--json", "--endpoint", emulator.base_url)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [v["video_id"] for v in document["videos"]] == [cat.DEFECTS_VIDEO_ID, cat.SHORT_VIDEO_ID]
    assert document["total"] == 2 and document["unknown_ids"] == [unknown]
    assert [r["line"] for r in document["rejected_lines"]] == [3, 5]
    assert result.stderr.splitlines() == [
        f"snapview videos: {listing} line 3: No video ID on this line: “see the ones below”.",
        f"snapview videos: {listing} line 5: “{cat.LONG_VIDEO_ID[:-2]}” is not a video ID "
        "(30 characters; a video ID has 32 hexadecimal characters).",
    ]
    table = videos("--ids", "-", "--status", "Normal", "--endpoint", emulator.base_url,
                   stdin=f"{cat.PROCESSING_VIDEO_ID}\n{cat.SPRITE_VIDEO_ID}\n{unknown}\n")  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0] == "1 of 3 listed videos found"
    assert cat.SPRITE_VIDEO_ID in table.stdout and cat.PROCESSING_VIDEO_ID not in table.stdout
    assert table.stderr == f"snapview videos: 1 ID(s) not in this account: {unknown}\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--since", "2026-12-01", "--until", "2026-11-01"],
            "The date range is the wrong way round: it starts 2026-12-01 and ends 2026-11-01. "
            "Swap the dates.",
        ),
        (["--status", "Finished"], "Unknown status “Finished”; use one of Uploading, UploadFail, "
         "UploadSucc, Transcoding, TranscodeFail, Checking, Blocked, Normal, ProduceFail."),
        (["--status", "normall"], "Unknown status “normall” — did you mean Normal?"),
        (["--since", "31/12/2026"], "“31/12/2026” is not a date; use YYYY-MM-DD or "
         "YYYY-MM-DDTHH:MM:SS (with Z or +08:00 for another time zone)."),
        (["--category", "sports"], "“sports” is not a category ID; a category ID is a whole number."),
        (["--ids", "/nonexistent/ids.txt"], "cannot read the ID list /nonexistent/ids.txt: No such file or directory"),
        (["--provider", "huawei"], "no Huawei Cloud credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK."),
        (["--project-id", "0123456789abcdef0123456789abcdef"], "--project-id is for --provider huawei"),
    ],
)  # fmt: skip
def test_bad_input_is_one_specific_line_and_exit_2(emulator, options, message) -> None:
    result = videos(*options, "--endpoint", emulator.base_url)
    assert one_error_line(result) == message
    assert result.returncode == 2 and result.stdout == ""


def test_an_id_list_without_ids_and_missing_credentials_are_usage_errors(emulator) -> None:
    empty = videos("--ids", "-", "--endpoint", emulator.base_url, stdin="nothing here\n")
    assert empty.returncode == 2
    assert (
        empty.stderr.splitlines()[-1]
        == "snapview videos: no video ID in stdin (1 line(s) rejected)"
    )
    anonymous = videos("--endpoint", emulator.base_url, creds=False)
    assert one_error_line(anonymous) == (
        "no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET "
        "(or use --profile NAME)"
    )


def test_an_unknown_category_and_a_dead_endpoint_fail_with_exit_1(emulator) -> None:
    unknown = videos("--category", "4242", "--endpoint", emulator.base_url)
    line = one_error_line(unknown)
    assert unknown.returncode == 1
    assert line.startswith("Category 4242 does not exist in this account. — [not-found] ")
    assert "InvalidCateId.NotFound" in line and "RequestId: " in line
    dead = videos(
        "--endpoint",
        "http://127.0.0.1:9",
        "--since",
        str(datetime.now(UTC).date() - timedelta(days=1)),
    )
    assert dead.returncode == 1 and one_error_line(dead).startswith(
        "Could not reach the VOD service"
    )


@pytest.mark.keyring
@pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"), reason="needs scripts/with-keyring.sh"
)
def test_a_stored_profile_lists_the_library_with_its_secret_endpoint_and_scheme(emulator) -> None:
    """Same credential code as snapview ls: the secret and token from the keyring, the endpoint and
    the V1 scheme from the profile; nothing from the environment."""
    add = subprocess.run(
        [
            sys.executable, "-m", "snapview", "credentials", "add", "videos-e2e-sts",
            "--access-key-id", cat.DEMO_STS_ACCESS_KEY_ID, "--endpoint", emulator.base_url,
            "--signature", "v1", "--sts",
        ],
        input=f"{cat.DEMO_STS_SECRET}\n{cat.DEMO_STS_TOKEN}\n",
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    try:
        result = videos(
            "--status", "Blocked", "--all", "--json", "--profile", "videos-e2e-sts", creds=False
        )
        assert result.returncode == 0, result.stderr
        ids = [v["video_id"] for v in json.loads(result.stdout)["videos"]]
        assert ids == expected_ids(emulator.catalog, statuses=("Blocked",))
    finally:
        subprocess.run(
            [sys.executable, "-m", "snapview", "credentials", "remove", "videos-e2e-sts"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip


def test_an_unknown_profile_is_one_clear_line(emulator) -> None:
    line = one_error_line(videos("--profile", "no-such-profile", creds=False))
    assert "no profile named “no-such-profile”" in line


def test_huawei_videos_json_and_the_paging_limit(emulator) -> None:
    from snapview.emulator import huawei_catalog as hc

    env = {k: v for k, v in os.environ.items() if not k.startswith("HUAWEICLOUD_SDK_")}
    env |= {
        "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_AK,
        "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": hc.HUAWEI_DEMO_PROJECT_ID,
    }
    base = [sys.executable, "-m", "snapview", "videos", "--provider", "huawei"]
    result = subprocess.run(
        [*base, "--endpoint", emulator.base_url, "--status", "THUMBNAIL_FAILED", "--all", "--json"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    expected = [
        a.asset_id
        for a in hc.HuaweiLibrary(emulator.catalog).assets
        if "THUMBNAIL_FAILED" in a.statuses()
    ]
    assert [v["video_id"] for v in document["videos"]] == expected
    assert document["total"] == len(expected)
    assert {v["status"] for v in document["videos"]} == {"THUMBNAIL_FAILED"}
    first = subprocess.run(
        [*base, "--endpoint", emulator.base_url],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert first.stdout.startswith("20,000 videos (showing the first 20")
    unknown = subprocess.run(
        [*base, "--endpoint", emulator.base_url, "--status", "DONE"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert unknown.returncode != 0 and "Unknown status “DONE”" in unknown.stderr
    assert "THUMBNAIL_FAILED" in unknown.stderr and "Traceback" not in unknown.stderr
