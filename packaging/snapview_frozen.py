"""Entry point of the frozen (PyInstaller) snapview: the ``snapview`` command, plus the two things a
bundled app needs that a Python install gets for free.

- ``snapview -m MODULE ARGS…`` runs ``MODULE`` like ``python -m`` would. In a bundle ``sys.executable``
  is the app itself, so code that starts a helper process the usual way
  (``[sys.executable, "-m", "snapview", "emulator", …]``, as the demo does for the emulator) keeps
  working unchanged.
- ``SNAPVIEW_FROZEN_SELFTEST=1 snapview`` checks that the bundle holds what only shows up at run time
  (keyring backends found through entry points, Qt image plugins, translations, the emulator) and
  prints the findings as JSON; ``packaging/smoke_test.sh`` runs it. ``SNAPVIEW_FROZEN_SELFTEST=keyring``
  also stores, reads back and deletes a throw-away secret in the Secret Service.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import runpy
import sys

# Python's own single-letter flags a launcher may put before -m (python -u -m …); they have no
# meaning for the bundled interpreter, so they are dropped.
_PYTHON_FLAGS = {"-u", "-I", "-B", "-E", "-s", "-S", "-O", "-OO", "-q"}


def _run_module_if_asked() -> bool:
    args = sys.argv[1:]
    while args and args[0] in _PYTHON_FLAGS:
        args = args[1:]
    if len(args) < 2 or args[0] != "-m":
        return False
    module = args[1]
    sys.argv = [sys.executable, *args[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True


def _selftest(mode: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import keyring
    import keyring.backends.fail
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

    from snapview.resources import resource_path

    app = QGuiApplication(sys.argv[:1])
    report: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False))}
    backend = keyring.get_keyring()
    report["keyring_backend"] = f"{type(backend).__module__}.{type(backend).__name__}"
    report["keyring_usable"] = not isinstance(backend, keyring.backends.fail.Keyring)
    if mode == "keyring":
        service, user = "snapview-frozen-selftest", "probe"
        keyring.set_password(service, user, "selftest-value")
        report["keyring_roundtrip"] = keyring.get_password(service, user) == "selftest-value"
        keyring.delete_password(service, user)
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    report["image_formats"] = sorted(formats & {"jpeg", "jpg", "png", "svg", "webp", "gif"})
    icon = QIcon(str(resource_path("icons", "snapview.svg")))
    report["svg_icon_renders"] = not icon.pixmap(64, 64).isNull()
    ours = QTranslator()
    ours.load("snapview_zh_CN", str(resource_path("translations")))
    report["snapview_zh_CN"] = ours.translate("MainWindow", "&File") == "文件(&F)"
    qt = QTranslator()
    qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    report["qtbase_zh_CN"] = not qt.isEmpty()
    try:
        import snapview.emulator  # noqa: F401

        report["emulator_bundled"] = True
    except ImportError as exc:
        report["emulator_bundled"] = f"missing: {exc}"
    print(json.dumps(report, indent=2, ensure_ascii=False))
    del app
    QCoreApplication.processEvents()
    wanted = (
        "keyring_usable",
        "svg_icon_renders",
        "snapview_zh_CN",
        "qtbase_zh_CN",
        "emulator_bundled",
    )
    ok = all(report[key] is True for key in wanted) and {"jpeg", "png"} <= formats
    if mode == "keyring":
        ok = ok and report["keyring_roundtrip"] is True
    return 0 if ok else 1


def main() -> int:
    multiprocessing.freeze_support()
    mode = os.environ.pop("SNAPVIEW_FROZEN_SELFTEST", "")
    if mode:
        return _selftest(mode)
    if _run_module_if_asked():
        return 0
    from snapview.cli import main as snapview_main

    return snapview_main()


if __name__ == "__main__":
    sys.exit(main())
