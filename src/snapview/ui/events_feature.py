"""Event mode: open, drop or paste Huawei VOD events and review them beside the inspector.

Events arrive through File → Open Events (a non-blocking file dialog), files or folders dropped on
the window, Ctrl+V outside text fields (event JSON from chat or a log), or files given on the
command line. Files are read and parsed in a worker thread. Several events (JSON Lines, a folder)
appear in a list with status icons, filterable by status and asset id; unreadable lines are listed
with their line:column. The selected event fills the central area (:mod:`snapview.ui.event_view`)
and the inspector; selecting a tile selects its node and the other way round. Signatures are
checked with a certificate file the user picks, a certificate downloaded only when the user asks
(allow-listed SMN hosts only), or an MFS key typed into a masked field and never stored.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRunnable,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from snapview.core.event_signatures import (
    CertificateError,
    SignatureCheck,
    SignatureStatus,
    load_certificate,
    verify_event,
)
from snapview.core.huawei_events import (
    Envelope,
    EventKind,
    LoadResult,
    VodEvent,
    parse_events,
    parse_sources,
)
from snapview.core.json_document import parse_path
from snapview.core.redaction import register_secret
from snapview.ui.event_view import EventView
from snapview.ui.inspector import InspectorWidget
from snapview.ui.main_window import MainWindow
from snapview.ui.text import tr_message

log = logging.getLogger("snapview.events")

EVENT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".log", ".txt")
EventIndexRole = int(Qt.ItemDataRole.UserRole) + 21
StatusRole = int(Qt.ItemDataRole.UserRole) + 22
AssetRole = int(Qt.ItemDataRole.UserRole) + 23
BaseTextRole = int(Qt.ItemDataRole.UserRole) + 24
BaseTipRole = int(Qt.ItemDataRole.UserRole) + 25
_SMN_HEADER_KEYS = (
    "type",
    "subject",
    "topic_urn",
    "message_id",
    "timestamp",
    "signature_version",
    "signing_cert_url",
    "signature",
)


def read_paths(paths: list[str]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(name, bytes) of every event file among ``paths`` (folders expanded), and read errors."""
    sources: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                files = sorted(
                    p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EVENT_SUFFIXES
                )
                if not files:
                    errors.append(f"{path}: no event files ({', '.join(EVENT_SUFFIXES)})")
                sources.extend((str(p), p.read_bytes()) for p in files)
            else:
                sources.append((str(path), path.read_bytes()))
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror or type(exc).__name__}")
    return sources, errors


class _LoadSignals(QObject):
    done = Signal(int, object, object)  # generation, LoadResult, read errors


class _LoadJob(QRunnable):
    def __init__(
        self,
        generation: int,
        signals: _LoadSignals,
        paths: list[str] | None,
        text: str | None,
        text_source: str = "",
    ) -> None:
        super().__init__()
        self.generation, self.signals, self.paths, self.text = generation, signals, paths, text
        self.text_source = text_source

    def run(self) -> None:
        errors: list[str] = []
        try:
            if self.paths is not None:
                sources, errors = read_paths(self.paths)
                result = parse_sources(sources)
            else:
                result = parse_events(self.text or "", self.text_source)
        except Exception as exc:  # a bug must reach the user, not die in the pool thread
            log.exception("loading events failed")
            result, errors = LoadResult(), [f"{type(exc).__name__}: {exc}"]
        try:
            self.signals.done.emit(self.generation, result, errors)
        except RuntimeError:
            pass  # the window closed while reading


class EventFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ""  # "", "FAILED", "SUCCEED", "OTHER"
        self.asset = ""

    def set_filter(self, status: str, asset: str) -> None:
        self.status, self.asset = status, asset.strip().casefold()
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        status = str(index.data(StatusRole) or "")
        if self.status == "OTHER" and status in ("FAILED", "SUCCEED"):
            return False
        if self.status in ("FAILED", "SUCCEED") and status != self.status:
            return False
        return not self.asset or self.asset in str(index.data(AssetRole) or "").casefold()


class EventsPanel(QWidget):
    """The list of loaded events with status and asset filters, and what could not be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.count_label = QLabel()
        self.count_label.setObjectName("eventsCount")
        layout.addWidget(self.count_label)
        filters = QHBoxLayout()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("eventsStatusFilter")
        self.status_combo.addItem(self.tr("All statuses"), "")
        self.status_combo.addItem(self.tr("Failed"), "FAILED")
        self.status_combo.addItem(self.tr("Succeeded"), "SUCCEED")
        self.status_combo.addItem(self.tr("Other"), "OTHER")
        filters.addWidget(self.status_combo)
        self.asset_edit = QLineEdit()
        self.asset_edit.setObjectName("eventsAssetFilter")
        self.asset_edit.setPlaceholderText(self.tr("Asset id…"))
        self.asset_edit.setClearButtonEnabled(True)
        filters.addWidget(self.asset_edit, 1)
        layout.addLayout(filters)
        self.model = QStandardItemModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setObjectName("eventsList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list, 1)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("eventsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        self.status_combo.currentIndexChanged.connect(self._refilter)
        self.asset_edit.textChanged.connect(self._refilter)

    def _refilter(self) -> None:
        self.proxy.set_filter(str(self.status_combo.currentData() or ""), self.asset_edit.text())
        self.count_label.setText(
            self.tr("{shown} of {total} events")
            .replace("{shown}", str(self.proxy.rowCount()))
            .replace("{total}", str(self.model.rowCount()))
        )


class EventsFeature(QObject):
    events_loaded = Signal(
        int
    )  # number of events after a load finished (problems may be listed too)

    def __init__(self, window: MainWindow, services: Any, args: argparse.Namespace) -> None:
        super().__init__(window)
        self.setObjectName("eventsFeature")
        self.window = window
        self.services = services
        self.events: list[VodEvent] = []
        self.checks: list[SignatureCheck] = []
        self.problems: list[str] = []
        self.certificate: bytes | None = None
        self._mfs_key: str | None = None  # this session only, never written anywhere
        self._generation = 0
        self._dialogs: list[Any] = []
        self._fetcher: Any = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _LoadSignals(self)
        self._signals.done.connect(self._loaded)
        self.current: int | None = None

        inspector = services.extras.get("inspector")
        if not isinstance(inspector, InspectorWidget):
            inspector = InspectorWidget()
            window.set_inspector_widget(inspector)
            services.extras["inspector"] = inspector
        self.inspector: InspectorWidget = inspector
        self.view = EventView()
        self.panel = EventsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("eventsSplitter")
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 900])

        self.panel.list.selectionModel().currentChanged.connect(self._list_current_changed)
        self.view.snapshot_selected.connect(self._tile_selected)
        self.inspector.path_activated.connect(self._node_selected)
        self.view.verify_certificate_requested.connect(self.choose_certificate)
        self.view.fetch_certificate_requested.connect(self.fetch_certificate)
        self.view.verify_mfs_requested.connect(self.ask_mfs_key)
        window.action_map["open_events"].triggered.connect(self.open_dialog)
        self._build_paste_action()
        self._build_folder_action()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        files = list(getattr(args, "files", None) or [])
        if files:
            self.load_paths(files)

    # -- setup --

    def _pipeline(self) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return None  # no event loop (a bare widget test): tiles show placeholders
        from snapview.services.images import pipeline_for

        return pipeline_for(self.services)

    def _build_folder_action(self) -> None:
        action = QAction(self.tr("Open Events &Folder…"), self.window)
        action.setObjectName("action_open_events_folder")
        action.setToolTip(self.tr("Open every event file of a folder (.json, .jsonl, .log…)"))
        action.triggered.connect(self.open_folder_dialog)
        self.window.action_map["open_events_folder"] = action
        self._add_after_open_events(action)

    def _add_after_open_events(self, action: QAction) -> None:
        """Put ``action`` in the File menu right after Open Events."""
        menu = self.window.findChild(QMenu, "menu_file")
        if menu is None:
            return
        actions = menu.actions()
        open_action = self.window.action_map["open_events"]
        after = actions[actions.index(open_action) + 1] if open_action in actions[:-1] else None
        if after is not None:
            menu.insertAction(after, action)
        else:
            menu.addAction(action)

    def open_folder_dialog(self) -> None:
        dialog = QFileDialog(self.window, self.tr("Open a folder of Huawei VOD events"))
        dialog.setObjectName("openEventsFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.load_paths([path]))
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        self._dialogs.append(dialog)
        dialog.open()

    def _build_paste_action(self) -> None:
        action = QAction(self.tr("&Paste Events"), self.window)
        action.setObjectName("action_paste_events")
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(
            self.tr("Open the event JSON on the clipboard (Ctrl+V outside text fields)")
        )
        action.triggered.connect(self.paste)
        self.window.addAction(action)
        self.window.action_map["paste_events"] = action
        self._add_after_open_events(action)

    # -- loading --

    def open_dialog(self) -> None:
        dialog = QFileDialog(self.window, self.tr("Open Huawei VOD events"))
        dialog.setObjectName("openEventsDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr("Event files (*.json *.jsonl *.ndjson *.log *.txt)"),
                self.tr("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(self.load_paths)
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        self._dialogs.append(dialog)
        dialog.open()

    def load_paths(self, paths: list[str]) -> None:
        self._start(_LoadJob(self._next_generation(), self._signals, list(paths), None))
        self.window.show_status(self.tr("Reading events…"))

    def load_text(self, text: str) -> None:
        self._start(
            _LoadJob(self._next_generation(), self._signals, None, text, self.tr("clipboard"))
        )

    def paste(self) -> None:
        focus = QGuiApplication.focusObject()
        if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            return  # text fields take their own Ctrl+V (ShortcutOverride); never steal a paste
        text = QGuiApplication.clipboard().text().strip()
        if not text or text[0] not in "{[":
            self.window.show_status(self.tr("The clipboard holds no event JSON."))
            return
        self.load_text(text)

    def _next_generation(self) -> int:
        self._generation += 1
        return self._generation

    def _start(self, job: _LoadJob) -> None:
        self._pool.start(job)

    def _loaded(self, generation: int, result: LoadResult, read_errors: list[str]) -> None:
        if generation != self._generation:
            return
        self.problems = list(read_errors) + [str(p) for p in result.problems]
        if not result.events:
            message = self.problems[0] if self.problems else self.tr("No events found.")
            self.window.show_status(
                self.tr("Could not open events: {message}").replace("{message}", message)
            )
            if self.events:
                self._show_problems()
            else:
                self.events, self.checks = [], []
                self._fill_list()
                self.window.set_grid_widget(self.splitter)
                self.view.clear()
                self._show_problems()
            self.events_loaded.emit(0)
            return
        self.events = result.events
        self.checks = [self._check(e) for e in self.events]
        self._fill_list()
        self._show_problems()
        self.window.set_grid_widget(self.splitter)
        self.window.set_job_info(None)
        self.panel.setVisible(len(self.events) > 1 or bool(self.problems))
        failed = sum(1 for e in self.events if e.failed)
        status = (
            self.tr("1 event")
            if len(self.events) == 1
            else self.tr("{count} events").replace("{count}", str(len(self.events)))
        )
        if failed:
            status += ", " + self.tr("{failed} failed").replace("{failed}", str(failed))
        if self.problems:
            status += " — " + self.tr("{count} could not be read").replace(
                "{count}", str(len(self.problems))
            )
        self.window.show_status(status)
        first = self.panel.proxy.index(0, 0)
        self.panel.list.setCurrentIndex(first)
        self.select_event(0)
        self.events_loaded.emit(len(self.events))

    def _show_problems(self) -> None:
        if not self.problems:
            self.panel.problems_label.hide()
            return
        shown = self.problems[:5]
        text = self.tr("Could not read:") + "\n" + "\n".join(shown)
        if len(self.problems) > 5:
            text += "\n" + self.tr("…and {count} more").replace(
                "{count}", str(len(self.problems) - 5)
            )
        self.panel.problems_label.setText(text)
        self.panel.problems_label.show()
        self.panel.setVisible(True)

    # -- list --

    def _fill_list(self) -> None:
        model = self.panel.model
        model.clear()
        style = self.window.style()
        for index, event in enumerate(self.events):
            if event.failed:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
            elif event.status in ("SUCCEED", "SUCCESS"):
                icon = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            else:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            kind = event.event_type or (
                event.smn_type or "text" if event.kind is EventKind.TEXT else "JSON"
            )
            asset = event.asset_id or event.envelope.upper()
            item = QStandardItem(icon, f"{asset[:12]}{'…' if len(asset) > 12 else ''}  {kind}")
            item.setToolTip(f"{asset}\n{kind} · {event.status or '—'}\n{event.source}:{event.line}")
            item.setData(index, EventIndexRole)
            self._mark_signature(item, index)
            item.setData(event.status or "", StatusRole)
            item.setData(event.asset_id or "", AssetRole)
            model.appendRow(item)
        self.panel._refilter()

    def _list_current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.select_event(int(current.data(EventIndexRole)))

    def select_event(self, index: int) -> None:
        if not 0 <= index < len(self.events):
            return
        self.current = index
        event = self.events[index]
        if self.view.pipeline is None:
            self.view.set_pipeline(self._pipeline())
        self.view.show_event(event, self.checks[index])
        kind = event.event_type or ("text message" if event.kind is EventKind.TEXT else "JSON")
        self.inspector.show_document(
            event.inspector_document,
            f"{kind} — {event.asset_id}" if event.asset_id else kind,
            source=f"{Path(event.source).name}:{event.line}",
            header=self._header(event),
        )

    def _header(self, event: VodEvent) -> dict[str, Any] | None:
        fields = event.envelope_fields
        if event.envelope is Envelope.SMN:
            return {key: fields.get(key) for key in _SMN_HEADER_KEYS if key in fields}
        if event.envelope is Envelope.MFS:
            from snapview.core.event_signatures import mfs_headers

            timestamp, sign = mfs_headers(fields)
            return {"envelope": "MFS", "auth_timestamp": timestamp, "auth_sign": sign}
        return None

    # -- selection sync --

    def _tile_selected(self, path: str) -> None:
        self.inspector.reveal_path(path)

    def _node_selected(self, path: str) -> None:
        if (
            self.current is None
            or self.window.central_stack.currentWidget() is not self.window.grid_area
        ):
            return
        if self.inspector.document is not self.events[self.current].inspector_document:
            return
        try:
            parts = parse_path(path)
        except ValueError:
            return
        self.view.select_path(parts)

    # -- signatures --

    def _check(self, event: VodEvent) -> SignatureCheck:
        return verify_event(event, certificate=self.certificate, mfs_key=self._mfs_key)

    def recheck(self) -> None:
        self.checks = [self._check(e) for e in self.events]
        if self.current is not None:
            self.view.set_signature(self.checks[self.current])
        model = self.panel.model
        for row in range(model.rowCount()):
            item = model.item(row)
            self._mark_signature(item, int(item.data(EventIndexRole)))

    def _mark_signature(self, item: QStandardItem, index: int) -> None:
        """A forged or changed event must stand out in the list, not only when selected."""
        base = str(item.data(BaseTextRole) or item.text())
        item.setData(base, BaseTextRole)
        check = self.checks[index] if index < len(self.checks) else None
        if check is not None and check.status is SignatureStatus.INVALID:
            item.setText(base + "  " + self.tr("✘ signature"))
            item.setForeground(QColor("#b00020"))
        else:
            item.setText(base)
            item.setData(None, Qt.ItemDataRole.ForegroundRole)
        status = tr_message(check.detail) if check is not None else ""
        tip = str(item.data(BaseTipRole) or item.toolTip())
        item.setData(tip, BaseTipRole)
        item.setToolTip(f"{tip}\n{status}" if status else tip)

    def set_certificate(self, data: bytes) -> bool:
        try:
            load_certificate(data)
        except CertificateError as exc:
            self.window.show_status(
                self.tr("Not a usable certificate: {reason}").replace("{reason}", str(exc))
            )
            return False
        self.certificate = data
        self.recheck()
        return True

    def set_mfs_key(self, key: str) -> None:
        key = key.strip()
        register_secret(key)
        self._mfs_key = key or None
        self.recheck()

    def choose_certificate(self) -> None:
        dialog = QFileDialog(self.window, self.tr("SMN signing certificate"))
        dialog.setObjectName("certificateDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )

        def chosen(path: str) -> None:
            try:
                self.set_certificate(Path(path).read_bytes())
            except OSError as exc:
                self.window.show_status(
                    self.tr("Cannot read {path}: {reason}")
                    .replace("{path}", path)
                    .replace("{reason}", exc.strerror or type(exc).__name__)
                )

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        self._dialogs.append(dialog)
        dialog.open()

    def ask_mfs_key(self) -> None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("mfsKeyDialog")
        dialog.setWindowTitle(self.tr("MFS callback key"))
        dialog.setLabelText(self.tr("Key used to sign the callbacks (kept for this session only):"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(self.set_mfs_key)
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        self._dialogs.append(dialog)
        dialog.open()

    def fetch_certificate(self) -> None:
        if self.current is None:
            return
        url = str(self.events[self.current].envelope_fields.get("signing_cert_url") or "")
        from snapview.core.event_signatures import is_allowed_cert_url

        if not is_allowed_cert_url(url):
            self.window.show_status(
                self.tr(
                    "Not downloading {url}: certificates are only fetched from https://smn.<region>.myhuaweicloud.com."
                ).replace("{url}", url or "—")
            )
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.window.show_status(self.tr("Downloading needs the running app."))
            return
        self.services.tasks.spawn(self._fetch(url), name="fetch-smn-certificate", replace=True)

    async def _fetch(self, url: str) -> None:
        from snapview.services.cert_fetcher import CertFetcher, CertFetchError

        if self._fetcher is None:
            self._fetcher = CertFetcher()
            self.services.add_closer("SMN certificate fetcher", self._fetcher.aclose)
        self.window.show_status(self.tr("Downloading the signing certificate…"))
        try:
            data = await self._fetcher.fetch(url)
        except CertFetchError as exc:
            self.window.show_status(tr_message(exc.message))
            return
        if self.set_certificate(data):
            self.window.show_status(self.tr("Certificate downloaded; signatures checked."))

    # -- drag and drop --

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            mime = event.mimeData()  # type: ignore[attr-defined]
            if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            mime = event.mimeData()  # type: ignore[attr-defined]
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.load_paths(paths)
                return True
        return super().eventFilter(watched, event)


def install(window: MainWindow, services: Any, args: argparse.Namespace) -> EventsFeature:
    feature = EventsFeature(window, services, args)
    services.extras["events_feature"] = feature
    return feature
