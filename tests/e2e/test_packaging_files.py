"""The desktop integration files are valid for the tools that consume them (desktop-file-validate,
appstreamcli), agree with the app (application id, version, icon sizes), carry the Chinese name,
and ``packaging/linux/install.sh`` puts everything where a desktop looks for it."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from snapview import DESKTOP_FILE_NAME, __version__

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{DESKTOP_FILE_NAME}.desktop"
METAINFO = LINUX / f"{DESKTOP_FILE_NAME}.metainfo.xml"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}); dev.sh test installs it")
    return path


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive (Name[zh_CN])
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_matches_the_app_and_speaks_chinese() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Icon"] == DESKTOP_FILE_NAME  # the app calls setDesktopFileName(DESKTOP_FILE_NAME)
    assert entry["Exec"].split()[0] == "snapview"
    assert "截图" in entry["Name[zh_CN]"]
    assert "截图" in entry["Comment[zh_CN]"]


def test_metainfo_matches_the_app_and_speaks_chinese() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == DESKTOP_FILE_NAME
    assert root.findtext("launchable") == DESKTOP.name
    release = root.find("releases/release")
    assert release is not None and release.get("version") == __version__
    chinese_names = [n.text or "" for n in root.findall("name") if n.get(XML_LANG) == "zh_CN"]
    assert chinese_names and "截图" in chinese_names[0]
    images = [img.text or "" for img in root.iter("image")]
    assert images and all(url.startswith("https://") for url in images)


@pytest.mark.parametrize("size", SIZES)
def test_icon_exists_in_every_hicolor_size(size: int) -> None:
    path = (
        ROOT
        / "resources"
        / "icons"
        / "hicolor"
        / f"{size}x{size}"
        / "apps"
        / f"{DESKTOP_FILE_NAME}.png"
    )
    with Image.open(path) as image:
        assert image.size == (size, size)
        alpha = image.convert("RGBA").getchannel("A")
        # Rounded corners are transparent, the middle is drawn: a real icon, not an empty canvas.
        assert alpha.getpixel((0, 0)) == 0
        assert alpha.getpixel((size // 2, size // 2)) == 255


def test_install_script_puts_launcher_metadata_and_icons_in_place(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    binary = dist / "snapview"
    binary.write_text("#!/bin/sh\necho stub snapview\n")
    binary.chmod(0o755)
    prefix = tmp_path / "prefix"
    env = dict(os.environ, PREFIX=str(prefix), SNAPVIEW_DIST=str(dist))
    subprocess.run([str(LINUX / "install.sh")], env=env, check=True, capture_output=True)

    installed = prefix / "share" / "applications" / DESKTOP.name
    entry = _desktop_entry(installed)
    assert entry["Exec"] == f"{prefix}/bin/snapview %F"
    assert (
        subprocess.run([str(prefix / "bin" / "snapview")], capture_output=True, text=True).stdout
        == "stub snapview\n"
    )
    assert (prefix / "share" / "metainfo" / METAINFO.name).is_file()
    assert (
        prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_FILE_NAME}.svg"
    ).is_file()
    for size in SIZES:
        assert (
            prefix
            / "share"
            / "icons"
            / "hicolor"
            / f"{size}x{size}"
            / "apps"
            / f"{DESKTOP_FILE_NAME}.png"
        ).is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(installed)], check=True)

    subprocess.run(
        [str(LINUX / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True
    )
    assert not installed.exists()
    assert not (prefix / "bin" / "snapview").exists()
    assert not (prefix / "lib" / "snapview").exists()


def test_install_script_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    env = dict(os.environ, PREFIX=str(tmp_path / "prefix"), SNAPVIEW_DIST=str(tmp_path / "missing"))
    result = subprocess.run([str(LINUX / "install.sh")], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "run packaging/build.sh first" in result.stderr


# The frozen app's entry point, run from source: the same argv handling and checks as in the bundle.
ENTRY = ROOT / "packaging" / "snapview_frozen.py"


@pytest.mark.parametrize("prefix", [[], ["-u"]])
def test_entry_point_runs_python_dash_m_style_commands(prefix: list[str]) -> None:
    # How helper processes are started: [sys.executable, "-m", "snapview", …] with sys.executable = the app.
    result = subprocess.run(
        [sys.executable, str(ENTRY), *prefix, "-m", "snapview", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"snapview {__version__}"


def test_entry_point_self_test_reports_what_the_bundle_needs(tmp_path: Path) -> None:
    env = dict(os.environ, SNAPVIEW_FROZEN_SELFTEST="1", QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)
    result = subprocess.run(
        [sys.executable, str(ENTRY)], env=env, capture_output=True, text=True, timeout=60
    )
    report = json.loads(result.stdout)
    assert report["frozen"] is False
    assert report["svg_icon_renders"] is True
    assert report["snapview_zh_CN"] is True
    assert report["emulator_bundled"] is True
    assert {"jpeg", "png"} <= set(report["image_formats"])
    # Without a usable keyring the self-test must fail, so a bundle missing the backends is caught.
    assert result.returncode == (0 if report["keyring_usable"] and report["qtbase_zh_CN"] else 1)
