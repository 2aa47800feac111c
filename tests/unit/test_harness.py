"""The test harness's own checks can fail: an unexpected log record fails its test (a strict xfail
covers it), ``caplog.at_level`` marks a record as expected, a secret left on disk fails the session,
and a missing vendor SDK is a skip locally but an error in CI.

The log and secret cases run an inner pytest session in a subprocess (the harness hooks the process-wide
``snapview`` logger, so an in-process session would unhook the outer one) with this suite's
``tests/conftest.py`` as its plugin, and a session root of its own outside this session's root.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import sdks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.Pytester]:
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("CI", raising=False)
    with tempfile.TemporaryDirectory(prefix="inner-session-") as root:
        monkeypatch.setenv("SNAPVIEW_TEST_ROOT", root)
        yield pytester


def _run(inner: pytest.Pytester, *args: str) -> pytest.RunResult:
    # Without hypothesis' plugin: importing it is most of an inner session's start-up time.
    return inner.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def test_an_unexpected_warning_fails_its_test_and_an_expected_one_does_not(
    inner: pytest.Pytester,
) -> None:
    inner.makepyfile(
        test_logs="""
        import logging
        import threading

        import pytest

        log = logging.getLogger("snapview.somewhere")

        def test_unexpected_warning():
            log.warning("disk %s is full", "C:")

        def test_warning_from_a_thread():
            worker = threading.Thread(target=log.error, args=("decode failed",), name="decoder")
            worker.start()
            worker.join()

        def test_expected_warning(caplog):
            with caplog.at_level(logging.WARNING, logger="snapview.somewhere"):
                log.warning("a locked keyring, on purpose")
            assert "on purpose" in caplog.text

        def test_an_error_is_more_than_the_warning_expected(caplog):
            with caplog.at_level(logging.WARNING, logger="snapview"):
                log.error("worse than expected")

        def test_info_is_fine():
            log.info("loaded")

        @pytest.mark.xfail(strict=True, reason="a known warning")
        def test_a_strict_xfail_covers_a_log_failure():
            log.warning("known")
        """
    )
    result = _run(inner)
    result.assert_outcomes(passed=2, failed=3, xfailed=1)
    result.stdout.fnmatch_lines(
        [
            "*unexpected record(s) during call*",
            "*WARNING snapview.somewhere: disk C: is full*",
            "*ERROR snapview.somewhere [[]thread decoder[]]: decode failed*",
            "*ERROR snapview.somewhere: worse than expected*",
        ]
    )


def test_a_secret_left_on_disk_fails_the_session(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_leak="""
        from tests.helpers.secrets import ALIYUN_SECRET

        def test_writes_settings(session_root):
            (session_root / "snapview-config").mkdir(parents=True, exist_ok=True)
            (session_root / "snapview-config" / "settings.json").write_text('{"zoom": 3}')

        def test_leaks(session_root):
            (session_root / "snapview-config" / "leak.json").write_text(ALIYUN_SECRET)
        """
    )
    clean = _run(inner, "-k", "not test_leaks")
    assert clean.ret == pytest.ExitCode.OK
    clean.stdout.fnmatch_lines(["secret scan: no test secret in the * files the suite wrote"])
    leaked = _run(inner)
    leaked.assert_outcomes(passed=2)  # every test passed, and still the session fails
    assert leaked.ret == pytest.ExitCode.TESTS_FAILED
    leaked.stdout.fnmatch_lines(["*secrets found on disk*", "*snapview-config/leak.json: SvTest…"])


@pytest.mark.parametrize(
    ("ci", "option", "outcome"),
    [
        ("", False, pytest.skip.Exception),
        ("0", False, pytest.skip.Exception),
        ("1", False, ImportError),
        ("true", False, ImportError),
        ("", True, ImportError),
    ],
    ids=["local", "CI=0", "CI=1", "CI=true", "--require-sdks"],
)
def test_a_missing_vendor_sdk_is_a_skip_locally_and_an_error_in_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str, option: bool, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(sdks, "required_by_option", option)
    with pytest.raises(outcome, match=r"alibabacloud_no_such_sdk\.client"):
        sdks.vendor_sdk("alibabacloud_no_such_sdk.client")
    assert sdks.vendor_sdk("json").dumps([]) == "[]"  # an installed module is simply imported
