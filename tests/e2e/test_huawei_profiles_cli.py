"""Huawei Cloud profiles on the command line, each command its own process: ``snapview credentials
add --provider huawei`` reads the SK from stdin into the real Secret Service, ``credentials test``
makes a signed call to the emulator's Huawei API with it, and ``snapview ls ASSET --profile NAME``
lists the asset with that profile's AK/SK, project and endpoint — the provider comes from the
profile. Never a secret on the command line or in the output, never a traceback.

Tests marked ``keyring`` need the private gnome-keyring of ``scripts/with-keyring.sh``; the others
force keyring's ``fail`` backend and run anywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import HUAWEI_ASSET_ID_OK
from tests.helpers.secrets import HUAWEI_CLI_SK
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.e2e
real_keyring = pytest.mark.skipif(
    not os.environ.get("SNAPVIEW_REAL_KEYRING"),
    reason="needs a real Secret Service: run through scripts/with-keyring.sh",
)
FAIL_BACKEND = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture
def snapview(session_root: Path, request):
    """Run ``snapview ARGS`` in a new process with this test's own settings directory and no cloud
    variables of the environment."""
    config = session_root / "cli-huawei-profiles" / request.node.name
    shutil.rmtree(config, ignore_errors=True)

    def run(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("HUAWEICLOUD_SDK_", "ALIBABA_CLOUD_"))
        }
        result = subprocess.run(
            [sys.executable, "-m", "snapview", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**base, "SNAPVIEW_CONFIG_DIR": str(config), **(env or {})},
            timeout=WAIT_MS / 1000 * 3,
            check=False,
        )
        output = result.stdout + result.stderr
        assert "Traceback" not in output, result.stderr
        assert hc.HUAWEI_DEMO_SK not in output and HUAWEI_CLI_SK not in output
        return result

    run.config = config  # type: ignore[attr-defined]
    return run


def keyring_entry(username: str) -> str | None:
    import keyring

    return keyring.get_password("snapview", username)


def add_emulator_profile(snapview, emulator, name: str = "hw", sk: str = hc.HUAWEI_DEMO_SK):
    return snapview(
        "credentials",
        "add",
        name,
        "--provider",
        "huawei",
        "--access-key-id",
        hc.HUAWEI_DEMO_AK,
        "--endpoint",
        emulator.base_url,
        "--project-id",
        hc.HUAWEI_DEMO_PROJECT_ID,
        stdin=f"{sk}\n",
    )


@pytest.mark.keyring
@real_keyring
def test_add_test_and_ls_with_a_huawei_profile_through_the_real_secret_service(
    snapview, emulator
) -> None:
    added = add_emulator_profile(snapview, emulator)
    assert added.returncode == 0, added.stderr
    assert "GNOME Keyring (Secret Service)" in added.stdout
    assert keyring_entry("huawei:hw:secret") == hc.HUAWEI_DEMO_SK
    settings = (snapview.config / "settings.json").read_text(encoding="utf-8")
    assert hc.HUAWEI_DEMO_SK not in settings
    (record,) = json.loads(settings)["profiles"]
    assert (record["provider"], record["project_id"]) == ("huawei", hc.HUAWEI_DEMO_PROJECT_ID)

    listed = snapview("credentials", "list")
    assert listed.returncode == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith("hw "))
    assert "huawei" in row and hc.HUAWEI_DEMO_AK in row and hc.HUAWEI_DEMO_PROJECT_ID in row

    tested = snapview("credentials", "test", "hw")  # the SK from the keyring signs a real call
    assert tested.returncode == 0, tested.stderr
    assert tested.stdout.startswith("Connected") and hc.HUAWEI_DEMO_PROJECT_ID in tested.stdout

    # No --provider: the profile is Huawei's, and its endpoint and project are used.
    listed_asset = snapview("ls", HUAWEI_ASSET_ID_OK, "--profile", "hw", "--all", "--json")
    assert listed_asset.returncode == 0, listed_asset.stderr
    document = json.loads(listed_asset.stdout)
    assert document["asset_id"] == HUAWEI_ASSET_ID_OK
    assert document["thumbnail_status"] == "THUMBNAIL_SUCCEED"
    offsets = [s["offset"] for s in document["snapshots"]]
    assert offsets == sorted(offsets) and len(offsets) == 14  # 10 samples and 4 dots

    removed = snapview("credentials", "remove", "hw")
    assert removed.returncode == 0
    assert keyring_entry("huawei:hw:secret") is None


@pytest.mark.keyring
@real_keyring
def test_a_wrong_sk_is_classified_by_test_and_ls(snapview, emulator) -> None:
    assert add_emulator_profile(snapview, emulator, "bad", HUAWEI_CLI_SK).returncode == 0
    tested = snapview("credentials", "test", "bad")
    assert tested.returncode == 1
    assert "The secret key (SK) is wrong" in tested.stderr
    listed = snapview("ls", HUAWEI_ASSET_ID_OK, "--profile", "bad")
    assert listed.returncode == 1
    (line,) = listed.stderr.strip().splitlines()
    assert line.startswith("snapview ls: The secret key (SK) is wrong") and "APIGW.0301" in line
    assert snapview("credentials", "remove", "bad").returncode == 0


@pytest.mark.keyring
@real_keyring
def test_a_huawei_profile_with_temporary_credentials(snapview, emulator) -> None:
    added = snapview(
        "credentials",
        "add",
        "temp",
        "--provider",
        "huawei",
        "--access-key-id",
        hc.HUAWEI_DEMO_TEMP_AK,
        "--endpoint",
        emulator.base_url,
        "--project-id",
        hc.HUAWEI_DEMO_PROJECT_ID,
        "--sts",
        stdin=f"{hc.HUAWEI_DEMO_TEMP_SK}\n{hc.HUAWEI_DEMO_SECURITY_TOKEN}\n",
    )
    assert added.returncode == 0, added.stderr
    assert keyring_entry("huawei:temp:security-token") == hc.HUAWEI_DEMO_SECURITY_TOKEN
    tested = snapview("credentials", "test", "temp")
    assert tested.returncode == 0, tested.stderr
    assert hc.HUAWEI_DEMO_SECURITY_TOKEN not in tested.stdout + tested.stderr
    assert snapview("credentials", "remove", "temp").returncode == 0
    assert keyring_entry("huawei:temp:security-token") is None


def test_bad_huawei_fields_get_one_clear_line_before_the_secret_is_read(snapview) -> None:
    def add(*extra: str) -> subprocess.CompletedProcess[str]:
        return snapview(
            "credentials",
            "add",
            "x",
            "--provider",
            "huawei",
            "--access-key-id",
            "HPUAX",
            *extra,
            stdin="never-read\n",
            env=FAIL_BACKEND,
        )

    no_project = add("--region", "cn-north-4")
    assert no_project.returncode == 1 and "A project ID is needed" in no_project.stderr
    bad_region = add("--region", "cn-shanghai", "--project-id", hc.HUAWEI_DEMO_PROJECT_ID)
    assert bad_region.returncode == 1
    assert "“cn-shanghai” is not a Huawei Cloud VOD region" in bad_region.stderr
    signature = add(
        "--region", "cn-north-4", "--project-id", hc.HUAWEI_DEMO_PROJECT_ID, "--signature", "v1"
    )
    assert signature.returncode == 2 and "--signature is for Alibaba Cloud" in signature.stderr
    project_for_alibaba = snapview(
        "credentials",
        "add",
        "y",
        "--access-key-id",
        "LTAI5tX",
        "--region",
        "cn-shanghai",
        "--project-id",
        hc.HUAWEI_DEMO_PROJECT_ID,
        env=FAIL_BACKEND,
    )
    assert project_for_alibaba.returncode == 2
    assert "--project-id is for --provider huawei" in project_for_alibaba.stderr
    assert not (snapview.config / "settings.json").exists()


def test_ls_with_a_profile_of_the_other_cloud_says_so(snapview, emulator) -> None:
    """A profile from the settings file (its secret not needed to find its cloud)."""
    snapview.config.mkdir(parents=True, exist_ok=True)
    (snapview.config / "settings.json").write_text(
        json.dumps(
            {
                "profiles": [
                    {
                        "name": "hw",
                        "provider": "huawei",
                        "region": "cn-north-4",
                        "access_key_id": hc.HUAWEI_DEMO_AK,
                        "project_id": hc.HUAWEI_DEMO_PROJECT_ID,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    mixed = snapview("ls", HUAWEI_ASSET_ID_OK, "--profile", "hw", "--provider", "aliyun")
    assert mixed.returncode == 2
    assert "profile hw is a Huawei Cloud profile" in mixed.stderr
    # Its SK is not in the (absent) keyring: said in one line, nothing was sent.
    missing = snapview("ls", HUAWEI_ASSET_ID_OK, "--profile", "hw", env=FAIL_BACKEND)
    assert missing.returncode == 2
    (line,) = missing.stderr.strip().splitlines()
    assert line.startswith("snapview ls: ") and "hw" in line
