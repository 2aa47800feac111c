"""`snapview credentials` as separate processes: the secret goes in on stdin, lives in the real
Secret Service between processes, signs a call to the emulator, and is gone after `remove`.

Tests marked ``keyring`` need the private gnome-keyring of ``scripts/with-keyring.sh``; the others
force keyring's ``fail`` backend (``PYTHON_KEYRING_BACKEND``) and run anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.secrets import CLI_SECRET, CLI_STS_TOKEN
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.e2e
real_keyring = pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"),
    reason="needs a real Secret Service: run through scripts/with-keyring.sh",
)


@pytest.fixture
def cli(session_root: Path, request):
    """Run ``snapview credentials ...`` in a new process with this test's own settings directory."""
    config = session_root / "cli-credentials" / request.node.name
    shutil.rmtree(config, ignore_errors=True)

    def run(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "SNAPVIEW_CONFIG_DIR": str(config), **(env or {})}
        result = subprocess.run(
            [sys.executable, "-m", "snapview", "credentials", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            timeout=WAIT_MS / 1000 * 2,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    run.config = config  # type: ignore[attr-defined]
    return run


def keyring_entry(username: str) -> str | None:
    import keyring

    return keyring.get_password("snapview", username)


def secret_tool_search(username: str) -> str:
    found = subprocess.run(
        ["secret-tool", "search", "--all", "service", "snapview", "username", username],
        capture_output=True,
        text=True,
        timeout=WAIT_MS / 1000,
        check=False,
    )
    return found.stdout + found.stderr


@pytest.mark.keyring
@real_keyring
def test_add_list_test_remove_through_the_real_secret_service(cli, emulator) -> None:
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    added = cli(
        "add",
        "emu",
        "--access-key-id",
        DEMO_ACCESS_KEY_ID,
        "--endpoint",
        emulator.base_url,
        stdin=f"{DEMO_ACCESS_KEY_SECRET}\n",
    )
    assert added.returncode == 0, added.stderr
    assert "GNOME Keyring (Secret Service)" in added.stdout
    assert keyring_entry("aliyun:emu:secret") == DEMO_ACCESS_KEY_SECRET
    assert "aliyun:emu:secret" in secret_tool_search("aliyun:emu:secret")
    settings_text = (cli.config / "settings.json").read_text(encoding="utf-8")
    assert DEMO_ACCESS_KEY_SECRET not in settings_text and DEMO_ACCESS_KEY_ID in settings_text

    listed = cli("list")  # a new process reads the profile back
    assert listed.returncode == 0
    assert "emu" in listed.stdout and emulator.base_url in listed.stdout
    assert DEMO_ACCESS_KEY_SECRET not in listed.stdout

    tested = cli("test", "emu")  # a new process loads the secret from the keyring and signs with it
    assert tested.returncode == 0, tested.stderr
    assert tested.stdout.startswith("Connected")

    removed = cli("remove", "emu")
    assert removed.returncode == 0, removed.stderr
    assert keyring_entry("aliyun:emu:secret") is None
    assert "aliyun:emu:secret" not in secret_tool_search("aliyun:emu:secret")
    gone = cli("test", "emu")
    assert gone.returncode == 1 and "There is no profile named “emu”" in gone.stderr


@pytest.mark.keyring
@real_keyring
def test_sts_token_and_wrong_secret_through_the_real_secret_service(cli, emulator) -> None:
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID

    added = cli(
        "add",
        "sts",
        "--access-key-id",
        DEMO_ACCESS_KEY_ID,
        "--endpoint",
        emulator.base_url,
        "--signature",
        "v1",
        "--sts",
        stdin=f"{CLI_SECRET}\n{CLI_STS_TOKEN}\n",
    )
    assert added.returncode == 0, added.stderr
    assert keyring_entry("aliyun:sts:secret") == CLI_SECRET
    assert keyring_entry("aliyun:sts:security-token") == CLI_STS_TOKEN
    listed = cli("list")
    assert "v1+sts" in listed.stdout

    tested = cli(
        "test", "sts"
    )  # the emulator does not know this secret: classified, not a traceback
    assert tested.returncode == 1
    assert (
        tested.stderr.strip()
        and CLI_SECRET not in tested.stderr
        and CLI_STS_TOKEN not in tested.stderr
    )

    assert cli("remove", "sts").returncode == 0
    assert keyring_entry("aliyun:sts:secret") is None
    assert keyring_entry("aliyun:sts:security-token") is None


@pytest.mark.keyring
@real_keyring
def test_the_app_store_reads_what_the_cli_saved(cli, session_root: Path) -> None:
    import asyncio

    from snapview.services.credentials import CredentialStore
    from snapview.services.settings import Settings

    assert (
        cli(
            "add",
            "shared",
            "--access-key-id",
            "LTAI5tShared",
            "--region",
            "cn-hongkong",
            stdin=f"{CLI_SECRET}\n",
        ).returncode
        == 0
    )
    store = CredentialStore(Settings(cli.config / "settings.json"))
    profile, creds = asyncio.run(store.credentials("shared"))
    assert not store.session_only and store.backend_name == "GNOME Keyring (Secret Service)"
    assert (profile.region, creds.secret) == ("cn-hongkong", CLI_SECRET)
    asyncio.run(store.delete_profile("shared"))
    assert keyring_entry("aliyun:shared:secret") is None


def test_secret_is_never_an_argument(cli) -> None:
    result = cli(
        "add", "x", "--access-key-id", "LTAI5tX", "--region", "cn-shanghai", "--secret", CLI_SECRET
    )
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_without_a_keyring_add_refuses_clearly_and_writes_nothing(cli) -> None:
    fail = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = cli(
        "add",
        "x",
        "--access-key-id",
        "LTAI5tX",
        "--region",
        "cn-shanghai",
        stdin=f"{CLI_SECRET}\n",
        env=fail,
    )
    assert result.returncode == 2
    assert (
        "no OS keyring is available" in result.stderr
        and "GNOME Keyring or KWallet" in result.stderr
    )
    assert not (cli.config / "settings.json").exists()
    listed = cli("list", env=fail)
    assert listed.returncode == 0 and "session only (no keyring)" in listed.stdout


def test_bad_input_gets_one_clear_line(cli) -> None:
    bad_endpoint = cli(
        "add", "x", "--access-key-id", "LTAI5tX", "--endpoint", "127.0.0.1:8600", stdin="s\n"
    )
    assert bad_endpoint.returncode == 1 and "custom endpoint must be a URL" in bad_endpoint.stderr
    both = cli(
        "add",
        "x",
        "--access-key-id",
        "K",
        "--region",
        "cn-shanghai",
        "--endpoint",
        "http://127.0.0.1:1",
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    unknown = cli("test", "nope", env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert (
        unknown.returncode == 1
        and unknown.stderr.strip() == "snapview credentials: There is no profile named “nope”."
    )


def test_without_a_keyring_list_does_not_claim_a_keyring_holds_the_secret(cli) -> None:
    """D16: a profile saved when a keyring was there, listed when none is."""
    import json

    cli.config.mkdir(parents=True, exist_ok=True)
    record: dict[str, object] = {"name": "local-emu", "provider": "aliyun", "region": "cn-shanghai"}
    record |= {"endpoint": "http://127.0.0.1:1", "access_key_id": "LTAI5tX"}
    record |= {"signature_version": "v3", "uses_security_token": False}
    (cli.config / "settings.json").write_text(json.dumps({"profiles": [record]}))
    listed = cli("list", env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert listed.returncode == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith("local-emu"))
    assert row.endswith("no keyring") and "keyring" not in row.removesuffix("no keyring")
    assert "session only" not in listed.stdout
    assert "no OS keyring is available" in listed.stdout and "not kept" in listed.stdout
