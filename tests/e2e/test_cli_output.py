"""What the CLI writes, as a separate process writes it: text it cannot encode is escaped visibly
whatever the locale (F2, F3), control characters never reach the terminal raw, and a reader that
goes away (``| head``) ends every subcommand quietly with status 141 (D17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from snapview.commands.output import EXIT_PIPE_CLOSED
from snapview.emulator import catalog
from snapview.emulator import huawei_catalog as hc

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"
STRICT_UTF8 = {"PYTHONIOENCODING": "utf-8:strict"}
# A C locale without Python's UTF-8 mode or locale coercion: stdout is ASCII.
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(extra)
    return env


def snapview(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "snapview", *args],
        capture_output=True,
        timeout=120,
        check=False,
        env=_env(env or {}),
    )


def _event(tmp_path: Path, **info: str) -> Path:
    fields = {"asset_id": "a", "status": "FAILED", "error_code": "c", "error_msg": "m", **info}
    body = ",".join(f'"{k}":"{v}"' for k, v in fields.items())
    path = tmp_path / "event.json"
    path.write_text('{"event_type":"thumbnailComplete","thumbnail_info":{' + body + "}}")
    return path


@pytest.mark.parametrize("locale", [STRICT_UTF8, C_LOCALE, {}], ids=["strict-utf8", "C", "default"])
@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udfff", "\\udc80"])
def test_f2_f3_lone_surrogates_are_printed_as_visible_escapes(
    tmp_path: Path, locale: dict[str, str], surrogate: str
) -> None:
    path = _event(tmp_path, asset_id=surrogate, error_msg="bad " + surrogate)
    text = snapview("inspect", str(path), env=locale)
    assert text.returncode == 0, text.stderr
    out = text.stdout.decode("ascii" if locale is C_LOCALE else "utf-8")  # valid in its encoding
    assert f"asset {surrogate}  status FAILED" in out
    assert f"FAILED  c: bad {surrogate}" in out
    rows = snapview("inspect", "--json", str(path), env=locale)
    assert rows.returncode == 0, rows.stderr
    [row] = [json.loads(line) for line in rows.stdout.decode().splitlines()]
    assert row["asset_id"] == json.loads(f'"{surrogate}"')  # the same value, JSON-escaped


def test_a_c_locale_escapes_what_ascii_cannot_show_and_json_stays_exact(tmp_path: Path) -> None:
    path = _event(tmp_path, error_msg="截图失败 😀")
    text = snapview("inspect", str(path), env=C_LOCALE)
    assert text.returncode == 0
    assert "FAILED  c: \\u622a\\u56fe\\u5931\\u8d25 \\ud83d\\ude00" in text.stdout.decode("ascii")
    rows = snapview("inspect", "--json", str(path), env=C_LOCALE)
    assert json.loads(rows.stdout)["error_msg"] == "截图失败 😀"
    page = snapview("inspect", str(FIXTURES / "vendor_doc_page.txt"), env=C_LOCALE)
    assert page.returncode == 0 and "sample: 6 snapshots" in page.stdout.decode("ascii")


def test_control_characters_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    path = _event(tmp_path, error_msg="\\u001b]0;pwned\\u0007\\u001b[2J\\u202eevil\\r\\u2028x")
    result = snapview("inspect", str(path))
    out = result.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert "\\u001b]0;pwned\\u0007\\u001b[2J\\u202eevil\\u000d\\u2028x" in out
    rows = snapview("inspect", "--json", str(path))
    assert "\x1b" not in rows.stdout.decode()
    assert json.loads(rows.stdout)["error_msg"] == "\x1b]0;pwned\x07\x1b[2J\u202eevil\r\u2028x"


def test_problems_on_stderr_are_escaped_too(tmp_path: Path) -> None:
    path = tmp_path / "weird.log"
    path.write_bytes(b"\x1b[31mnot json\n")
    result = snapview("inspect", str(path), env=STRICT_UTF8)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr
    assert result.stderr.decode().endswith(
        "weird.log:1:1: this file is not JSON (it starts with “�[31mnot json”)\n"
    )


def test_d5_the_vendor_doc_page_opens_in_the_cli() -> None:
    result = snapview("inspect", str(FIXTURES / "vendor_doc_page.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "vendor_doc_page.txt:6  thumbnailComplete" in out
    assert "sample: 6 snapshots" in out and "00:25" in out
    assert "note: Read from a JSON code block of this page: the file itself is not JSON." in out


# -- the report's crash classes replayed through the real CLI (each was exit 1 and a traceback) -------

F1 = (
    '{"event_type":"thumbnailComplete","thumbnail_info":{"sample":[{"offset":' + "1" * 4301 + "}]}}"
)
F2 = r'{"event_type":"thumbnailComplete","thumbnail_info":{"asset_id":"\ud800","status":"SUCCEED"}}'
F4 = '{"message":"{\\"event_type\\":\\"x\\"}","auth_timestamp":"1","auth_sign":"é"}'
F5 = (
    r'{"type":"Notification","topic_urn":"u","signature":"AAAA","message_id":"m",'
    r'"timestamp":"t","message":"hi \ud800"}'
)
F6 = r'{"message":"{\"event_type\":\"x\",\"a\":\"\ud800\"}","auth_timestamp":"1","auth_sign":"ab"}'
D1 = b'{"event_type":"a"}\n{"event_type":"\xff"}\n{"event_type":"c"}\n'
D2 = '{"event_type":"a","x":"\u2028"}\n{"event_type":"b"}\n'.encode()


@pytest.mark.parametrize(
    ("name", "content", "options", "env", "status", "stdout_has", "stderr_is"),
    [
        ("F1", F1.encode(), [], {}, 0, "sample[0] has no readable offset", ""),
        ("F1", F1.encode(), ["--json"], {}, 0, '"offset": null', ""),
        ("F2", F2.encode(), [], {}, 0, "asset \\ud800", ""),
        ("F2", F2.encode(), ["--json"], STRICT_UTF8, 0, '"asset_id": "\\ud800"', ""),
        ("F3", F2.replace("d800", "dc80").encode(), [], STRICT_UTF8, 0, "asset \\udc80", ""),
        ("F4", F4.encode(), [], {"SNAPVIEW_MFS_KEY": "k"}, 0, "signature: invalid", ""),
        ("F5", F5.encode(), ["--cert", "{cert}"], {}, 0, "holds a lone surrogate (\\ud800)", ""),
        ("F6", F6.encode(), [], {"SNAPVIEW_MFS_KEY": "abcdef"}, 0, "signature: invalid", ""),
        (
            "D1",
            D1,
            [],
            {},
            2,
            "2 events, 0 failed, 1 unreadable",
            "-:2:16: this line is not UTF-8 text\n",
        ),
        ("D2", D2, ["--json"], {}, 0, '"event_type": "b"', ""),
    ],
)
def test_every_crash_class_of_the_report_ends_in_a_result(
    tmp_path: Path,
    name: str,
    content: bytes,
    options: list[str],
    env: dict[str, str],
    status: int,
    stdout_has: str,
    stderr_is: str,
) -> None:
    from tests.fixtures.huawei.smn_signing import identity

    cert = tmp_path / "smn.pem"
    cert.write_bytes(identity().cert_pem)
    args = ["inspect", *[o.format(cert=cert) for o in options], "-"]
    result = subprocess.run(
        [sys.executable, "-m", "snapview", *args],
        input=content,
        capture_output=True,
        timeout=120,
        check=False,
        env=_env(env),
    )
    stderr = result.stderr.decode().replace("<stdin>", "-")
    assert (result.returncode, stderr) == (status, stderr_is), name
    assert stdout_has in result.stdout.decode(), name


# -- D17: a closed pipe --------------------------------------------------------------------------------


def _with_closed_stdout(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout a pipe nobody reads any more (``| head`` after it exited): the first write
    that reaches the pipe fails with EPIPE, whatever the size of the output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "snapview", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(env),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    return process.wait(timeout=120), stderr


@pytest.fixture
def big_log(tmp_path: Path) -> Path:
    line = (FIXTURES / "thumbnail_succeed_seed.json").read_text().replace("\n", " ")
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([line] * 2000))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["inspect", "{big_log}"],
        ["inspect", "--json", "{big_log}"],
        ["ls", catalog.LONG_VIDEO_ID, "--type", "normal", "--all", "--json", "--endpoint", "{url}"],
        ["ls", catalog.LONG_VIDEO_ID, "--type", "normal", "--all", "--endpoint", "{url}"],
        ["ls", catalog.LONG_VIDEO_ID, "--endpoint", "{url}"],
        ["ls", "--provider", "huawei", hc.LONG_ASSET_ID, "--all", "--json", "--endpoint", "{url}"],
        ["scan", "--endpoint", "{url}", "--json", catalog.SHORT_VIDEO_ID],
        ["review", "list", catalog.DEFECTS_VIDEO_ID, "--db", "{db}"],
        ["emulator", "--print-catalog"],
        ["credentials", "list"],
    ],
    ids=lambda c: " ".join(a for a in c if not a.startswith("{") and len(a) < 20),
)
def test_d17_a_closed_pipe_ends_every_command_quietly_with_141(
    command: list[str], big_log: Path, emulator, tmp_path: Path
) -> None:
    db = tmp_path / "review.sqlite3"
    args = [a.format(big_log=big_log, url=emulator.base_url, db=db) for a in command]
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": catalog.DEMO_ACCESS_KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": catalog.DEMO_ACCESS_KEY_SECRET,
        "HUAWEICLOUD_SDK_AK": hc.HUAWEI_DEMO_AK,
        "HUAWEICLOUD_SDK_SK": hc.HUAWEI_DEMO_SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": hc.HUAWEI_DEMO_PROJECT_ID,
        "SNAPVIEW_CACHE_DIR": str(tmp_path / "cache"),
    }
    status, stderr = _with_closed_stdout(args, env)
    assert status == EXIT_PIPE_CLOSED == 141
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert "Exception ignored" not in stderr and "BrokenPipe" not in stderr
    assert stderr == ""


def test_help_into_a_closed_pipe_is_quiet() -> None:
    """argparse itself ignores a failed write of its help text and exits 0; what it left buffered
    is flushed inside commands.output, so no "Exception ignored" message follows at exit."""
    status, stderr = _with_closed_stdout(["ls", "--help"], {})
    assert status in (0, EXIT_PIPE_CLOSED)
    assert stderr == ""


def test_d17_head_reads_the_start_and_the_command_stops(big_log: Path) -> None:
    """The real thing: ``snapview inspect big.jsonl | head -3`` in a shell."""
    script = f'"{sys.executable}" -m snapview inspect "{big_log}" | head -3; echo "status=${{PIPESTATUS[0]}}"'
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{big_log}:1  thumbnailComplete")
    assert lines[-1] == "status=141"
    assert result.stderr == ""
