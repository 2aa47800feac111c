"""`snapview ls` as a user runs it: a separate process talking to the emulator over loopback, with
credentials from the SDK environment variables. Every failure is one line on stderr and a non-zero
exit status, never a traceback."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys

import pytest

from snapview.emulator import catalog

pytestmark = pytest.mark.e2e

ENV_NAMES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)
DEMO = (catalog.DEMO_ACCESS_KEY_ID, catalog.DEMO_ACCESS_KEY_SECRET, None)
STS = (catalog.DEMO_STS_ACCESS_KEY_ID, catalog.DEMO_STS_SECRET, catalog.DEMO_STS_TOKEN)


def ls(
    *args: str, creds: tuple[str, str, str | None] | None = DEMO
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    if creds is not None:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"], env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = (
            creds[0],
            creds[1],
        )
        if creds[2]:
            env["ALIBABA_CLOUD_SECURITY_TOKEN"] = creds[2]
    return subprocess.run(
        [sys.executable, "-m", "snapview", "ls", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("snapview ls: ")
    return lines[0]


@pytest.mark.parametrize(
    ("creds", "signature"),
    [(DEMO, "v3"), (DEMO, "v1"), (STS, "v3"), (STS, "v1")],
    ids=["v3", "v1", "v3-sts", "v1-sts"],
)
def test_all_json_lists_every_snapshot_in_index_order(emulator, creds, signature: str) -> None:
    result = ls(
        catalog.LONG_VIDEO_ID, "--type", "NormalSnapshot", "--all", "--json",
        "--endpoint", emulator.base_url, "--signature", signature, creds=creds,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["video_id"] == catalog.LONG_VIDEO_ID
    assert document["snapshot_type"] == "NormalSnapshot"
    assert document["total"] == 10_000
    assert document["job_id"] and document["creation_time"].endswith("Z")
    assert "{SnapshotCount}" in document["regular"]
    indices = [s["index"] for s in document["snapshots"]]
    assert indices == list(range(1, 10_001))
    assert len({s["url"] for s in document["snapshots"]}) == 10_000


def test_all_json_survives_throttling_and_5xx_and_logs_its_retries(emulator_factory) -> None:
    emu = emulator_factory(seed=5, fault_rate=0.05, throttle_rate=0.05, reset_rate=0.02)
    result = ls(
        catalog.LONG_VIDEO_ID,
        "--type",
        "normal",
        "--all",
        "--json",
        "--endpoint",
        emu.base_url,
        "-v",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert [s["index"] for s in json.loads(result.stdout)["snapshots"]] == list(range(1, 10_001))
    retries = [
        line
        for line in result.stderr.splitlines()
        if "snapview.services.vod_client" in line and "; retry " in line
    ]
    server = emu.stats
    # One logged retry per failed attempt; 100 pages and the empty page 101 that ends the walk.
    assert len(retries) == server["api_requests"] - 101
    assert len(retries) >= 3
    assert catalog.DEMO_ACCESS_KEY_SECRET not in result.stderr
    assert "Signature=" not in result.stderr


def test_table_shows_job_creation_time_total_and_rows(emulator) -> None:
    result = ls(
        catalog.LONG_VIDEO_ID,
        "--type",
        "normal",
        "--page-size",
        "5",
        "--page",
        "3",
        "--endpoint",
        emulator.base_url,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^JobId\s+[0-9a-f]{32}$", out, re.M)
    assert re.search(r"^CreationTime\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", out, re.M)
    assert re.search(r"^Total\s+10000\s+\(page 3 of 2000, 5 per page\)$", out, re.M)
    rows = re.findall(r"^\s+(\d+)\s+(http://\S+)$", out, re.M)
    assert [int(index) for index, _ in rows] == [11, 12, 13, 14, 15]
    assert all("normal000" in url and "auth_key=" in url for _, url in rows)


def test_sts_token_comes_from_the_environment(emulator) -> None:
    without_token = (catalog.DEMO_STS_ACCESS_KEY_ID, catalog.DEMO_STS_SECRET, None)
    line = _one_error_line(
        ls(catalog.SHORT_VIDEO_ID, "--endpoint", emulator.base_url, creds=without_token)
    )
    assert "MissingParameter" in line
    assert (
        ls(catalog.SHORT_VIDEO_ID, "--endpoint", emulator.base_url, "--json", creds=STS).returncode
        == 0
    )


def test_a_page_past_the_end_says_so(emulator) -> None:
    result = ls(catalog.SHORT_VIDEO_ID, "--page", "50", "--endpoint", emulator.base_url)
    assert result.returncode == 0
    assert "(no snapshots on this page)" in result.stdout


def test_clamped_url_validity_is_reported(emulator) -> None:
    result = ls(
        catalog.SHORT_VIDEO_ID, "--auth-timeout", "60", "--json", "--endpoint", emulator.base_url
    )
    assert result.returncode == 0
    assert (
        result.stderr.strip()
        == "snapview ls: note: URL validity 60 s is below the minimum; using 3600 s."
    )


@pytest.mark.parametrize(
    ("video_id", "creds", "expected"),
    [
        (
            catalog.PROCESSING_VIDEO_ID,
            DEMO,
            ("The video is still processing", "[not-ready] Forbidden.IllegalStatus"),
        ),
        ("0" * 32, DEMO, ("The video does not exist", "[not-found] InvalidVideo.NotFound")),
        (
            catalog.SHORT_VIDEO_ID,
            (catalog.DEMO_ACCESS_KEY_ID, "a-wrong-secret-value", None),
            ("AccessKey secret is wrong", "[credentials] SignatureDoesNotMatch"),
        ),
        (
            catalog.SHORT_VIDEO_ID,
            ("LTAI5tNoSuchKeyAtAll", "whatever-secret", None),
            ("AccessKey ID is not known", "[credentials] InvalidAccessKeyId.NotFound"),
        ),
        (
            catalog.SHORT_VIDEO_ID,
            (
                catalog.DEMO_NO_PERMISSION_ACCESS_KEY_ID,
                catalog.DEMO_NO_PERMISSION_ACCESS_KEY_SECRET,
                None,
            ),
            ("needs vod:ListSnapshots", "[permission] Forbidden.RAM"),
        ),
    ],
    ids=["not-ready", "not-found", "wrong-secret", "unknown-key", "no-permission"],
)
def test_api_errors_are_one_line_with_class_code_message_and_request_id(
    emulator, video_id, creds, expected
) -> None:
    result = ls(video_id, "--endpoint", emulator.base_url, creds=creds)
    line = _one_error_line(result)
    advice, class_and_code = expected
    assert advice in line and class_and_code in line
    assert re.search(r"\(RequestId: [0-9A-F-]{36}, HTTP \d{3}\)$", line)
    assert result.returncode == 1
    assert creds[1] not in result.stderr + result.stdout


def test_unreachable_endpoint(emulator) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    line = _one_error_line(ls(catalog.SHORT_VIDEO_ID, "--endpoint", f"http://127.0.0.1:{port}"))
    assert "Could not reach the VOD service" in line and "[network] NetworkError" in line


@pytest.mark.parametrize(
    ("args", "creds", "words"),
    [
        (("--page-size", "500"), DEMO, "Page size must be between 1 and 100, not 500"),
        (("--type", "thumbnail"), DEMO, "Unknown snapshot type “thumbnail”"),
        (("--endpoint", "ftp://example"), DEMO, "is not an http(s) URL"),
        (
            (),
            None,
            "no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_status_2(
    args: tuple[str, ...], creds, words: str
) -> None:
    line = _one_error_line(ls(catalog.SHORT_VIDEO_ID, *args, creds=creds))
    assert words in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--page", "0"), "must be 1 or more"),
        (("--page", "2", "--all"), "not allowed with argument"),
        ((), "VIDEO_ID"),
    ],
)
def test_usage_errors_from_the_parser(args: tuple[str, ...], words: str) -> None:
    result = ls(*((catalog.SHORT_VIDEO_ID, *args) if args else ()))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and words in result.stderr


def test_secret_cannot_be_given_on_the_command_line() -> None:
    result = ls(catalog.SHORT_VIDEO_ID, "--access-key-secret", "x")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_unknown_profile_is_one_clear_line() -> None:
    line = _one_error_line(ls(catalog.SHORT_VIDEO_ID, "--profile", "no-such-profile", creds=None))
    assert "no profile named “no-such-profile”" in line


@pytest.mark.keyring
@pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"), reason="needs scripts/with-keyring.sh"
)
def test_a_stored_profile_brings_its_secret_endpoint_and_scheme(emulator) -> None:
    """The profile's secret comes from the keyring, and its endpoint and signing scheme are used."""
    add = subprocess.run(
        [
            sys.executable, "-m", "snapview", "credentials", "add", "ls-e2e-sts",
            "--access-key-id", catalog.DEMO_STS_ACCESS_KEY_ID, "--endpoint", emulator.base_url,
            "--signature", "v1", "--sts",
        ],
        input=f"{catalog.DEMO_STS_SECRET}\n{catalog.DEMO_STS_TOKEN}\n",
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    try:
        result = ls(
            catalog.LONG_VIDEO_ID,
            "--type",
            "normal",
            "--all",
            "--json",
            "--profile",
            "ls-e2e-sts",
            creds=None,
        )
        assert result.returncode == 0, result.stderr
        assert [s["index"] for s in json.loads(result.stdout)["snapshots"]] == list(
            range(1, 10_001)
        )
    finally:
        subprocess.run(
            [sys.executable, "-m", "snapview", "credentials", "remove", "ls-e2e-sts"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
