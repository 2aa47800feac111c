"""`snapview review` against a team's shared store, as separate processes and a real PostgreSQL
server: the password goes in once through `review login` (stdin, checked, kept in the real Secret
Service), then every action takes `--db postgresql://…` or the `review.store` setting; a local
store is pushed (twice: the second changes nothing); videos are assigned and listed. A wrong
password is not kept, a missing keyring is said, an unreachable server queues the decisions.
The session-end scan checks that the password reached no file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from snapview.core.review.server import ServerLocation
from tests.helpers.postgres_server import PASSWORD
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.e2e
real_keyring = pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"),
    reason="needs a real Secret Service: run through scripts/with-keyring.sh",
)
VIDEO = "902a023c6286bad2f8962f203727f898"


@pytest.fixture
def review(session_root: Path, request):
    """``review(*args, stdin="")``: ``snapview review …`` in a new process with this test's own
    settings and data directories."""
    home = session_root / "cli-team" / request.node.name
    shutil.rmtree(home, ignore_errors=True)

    def run(*args: str, stdin: str = "", env: dict[str, str] | None = None):
        environment = {
            **os.environ,
            "SNAPVIEW_CONFIG_DIR": str(home / "config"),
            "SNAPVIEW_DATA_DIR": str(home / "data"),
            **(env or {}),
        }
        result = subprocess.run(
            [sys.executable, "-m", "snapview", "review", *args],
            input=stdin, capture_output=True, text=True, env=environment,
            timeout=WAIT_MS / 1000 * 4, check=False,
        )  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        assert PASSWORD not in result.stdout + result.stderr
        return result

    run.home = home  # type: ignore[attr-defined]
    return run


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.keyring
@real_keyring
def test_login_once_then_mark_list_assign_and_push_to_the_shared_store(
    review, pg_location: ServerLocation
) -> None:
    url = pg_location.display
    out = ok(review("login", "--db", url, stdin=f"{PASSWORD}\n"))
    assert out.startswith(f"logged in to {url}; the password is in GNOME Keyring")
    ok(review("mark", VIDEO, "1-3", "--approve", "--offline", "--db", url, "--reviewer", "li.wei"))
    # Without --db: the review.store setting, set once per desktop.
    assert ok(review("store", url)).strip() == url
    ok(review("mark", VIDEO, "2", "--reject", "black", "--offline", "--reviewer", "wang"))
    listed = json.loads(ok(review("list", VIDEO, "--json")))
    decisions = {d["index"]: (d["decision"], d["reviewer"]) for d in listed["decisions"]}
    assert decisions == {
        1: ("approved", "li.wei"),
        2: ("rejected", "wang"),
        3: ("approved", "li.wei"),
    }

    assert ok(review("assign", VIDEO, "159da4db5f6b575c484d3cb72ae440cf", "--to", "李伟")) == (
        f"{VIDEO}, 159da4db5f6b575c484d3cb72ae440cf: assigned to 李伟\n"
    )
    mine = json.loads(ok(review("assigned", "--to", "李伟", "--json")))
    assert sorted(a["video_id"] for a in mine) == sorted(
        [VIDEO, "159da4db5f6b575c484d3cb72ae440cf"]
    )
    assert ok(review("assigned", "--to", "nobody")) == "nothing is assigned to nobody\n"

    # A reviewer who started alone joins: their local file goes up, once.
    local = str(review.home / "alone.sqlite3")
    ok(review("mark", VIDEO, "4-5", "--approve", "--offline", "--db", local, "--reviewer", "zhao"))
    ok(
        review(
            "mark",
            VIDEO,
            "1",
            "--reject",
            "frozen",
            "--offline",
            "--db",
            local,
            "--reviewer",
            "zhao",
        )
    )
    first = ok(review("push", "--from", local))
    assert "3 decisions read; 3 added to" in first and "0 already there" in first
    again = ok(review("push", "--from", local))
    assert "3 decisions read; 0 added to" in again and "3 already there" in again
    listed = json.loads(ok(review("list", VIDEO, "--json")))
    assert len(listed["decisions"]) == 5
    assert ok(review("logout", "--db", url)) == f"the password for {url} is no longer stored\n"
    refused = review("list", VIDEO)
    assert refused.returncode == 1
    assert "refused the login" in refused.stderr and "snapview review login --db" in refused.stderr


@pytest.mark.keyring
@real_keyring
def test_a_wrong_password_is_not_kept(review, pg_location: ServerLocation) -> None:
    url = pg_location.display
    result = review("login", "--db", url, stdin="SvNotThePassword-123\n")
    assert result.returncode == 1
    assert "password authentication failed" in result.stderr
    assert result.stderr.rstrip().endswith("The password was not stored.")
    assert review("list", VIDEO, "--db", url).returncode == 1  # nothing stored to log in with


def test_login_without_a_keyring_says_so_and_reads_no_password(
    review, pg_location: ServerLocation
) -> None:
    result = review(
        "login", "--db", pg_location.display, stdin=f"{PASSWORD}\n",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "no OS keyring is available" in result.stderr


def test_login_needs_a_server_url(review) -> None:
    result = review("login", "--db", "/tmp/review.sqlite3")
    assert result.returncode == 2
    assert "login is for a shared review store" in result.stderr


def test_an_unreachable_server_keeps_the_decisions_queued_and_says_so(review) -> None:
    url = "postgresql://reviewer@127.0.0.1:9/review?connect_timeout=2"
    result = review("mark", VIDEO, "1", "--approve", "--offline", "--db", url)
    assert result.returncode == 1
    assert "not on the server yet: Working offline: the shared review store" in result.stderr
    assert "Decisions are kept on this computer in" in result.stderr
    queued = list((review.home / "config" / "review-queue").glob("*.sqlite3"))
    assert len(queued) == 1
