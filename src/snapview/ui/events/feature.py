"""Event mode: open, drop or paste Huawei VOD events and review them beside the inspector.

Events arrive through File → Open Events (a non-blocking file dialog), File → Open Events Folder,
files or folders dropped on the window, Ctrl+V outside text fields (event JSON from chat or a log),
or files given on the command line. Files are read and parsed in a worker thread
(:mod:`snapview.services.event_files`). Several events (JSON Lines, a folder) appear in a list with
status icons, filterable by status and asset id (:mod:`.panel`); unreadable lines are listed with
their line:column. The selected event fills the central area (:mod:`snapview.ui.events.view`) and
the shell's inspector; selecting a tile selects its node and the other way round. Signatures are
checked by :mod:`.signatures`; an event's media asset can be loaded live with a Huawei Cloud profile
(:mod:`.live_asset`, a bar above the event view).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from snapview.core.event_signatures import SignatureCheck, mfs_headers
from snapview.core.huawei_events import Envelope, EventKind, VodEvent
from snapview.core.json_document import parse_path
from snapview.services.app_services import AppServices
from snapview.services.event_files import EventLoad
from snapview.ui.events.live_asset import LiveAsset
from snapview.ui.events.loading import EventLoader, LoadProgress
from snapview.ui.events.panel import EventRoles, EventsPanel
from snapview.ui.events.signatures import EventSignatures
from snapview.ui.events.view import EventTilesModel, EventView
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.dialogs import open_dialog

if TYPE_CHECKING:
    from snapview.ui.preview import PreviewWindow

log = logging.getLogger(__name__)

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


class EventsFeature(QObject):
    # Number of events after a load finished (problems may be listed too).
    events_loaded = Signal(int)

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        files: Sequence[str] = (),
        current_profile: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("eventsFeature")
        self.window = window
        self.services = services
        self.events: list[VodEvent] = []
        self.problems: list[str] = []
        self.current: int | None = None
        self._dialogs: list[QDialog] = []
        self.loader = EventLoader(self)
        self.loader.finished.connect(self._loaded)
        self.loader.cancelled.connect(self._load_cancelled)
        self.progress = LoadProgress(self.loader)
        window.statusBar().addPermanentWidget(self.progress)
        # Closing the window stops a large read at its next megabyte, so the process can exit.
        window.closed.connect(self.loader.cancel)

        self.inspector = window.inspector
        self.signatures = EventSignatures(window, services, lambda: self.events, self)
        self.view = EventView()
        self.panel = EventsPanel()
        self.live_asset = LiveAsset(window, services.credentials, current_profile, self)
        self.live_asset.add_to_list(self.panel.list, self.panel.list.setCurrentIndex)
        event_side = QWidget()
        event_side.setObjectName("eventSide")
        side_layout = QVBoxLayout(event_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.live_asset.bar)
        side_layout.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("eventsSplitter")
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(event_side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 900])

        self.panel.list.selectionModel().currentChanged.connect(self._list_current_changed)
        self.view.snapshot_selected.connect(self.inspector.reveal_path)
        # The tiles do what the Alibaba grid's do: preview, zoom with the window's slider, status.
        self._previews: dict[int, PreviewWindow] = {}
        self.view.preview_requested.connect(self.open_preview)
        self.view.status_text.connect(window.show_status)
        self.view.set_zoom(window.zoom_slider.value())
        window.zoom_changed.connect(self.view.set_zoom)
        self.view.zoom_requested.connect(window.zoom_slider.setValue)
        self.inspector.path_activated.connect(self._node_selected)
        self.view.verify_certificate_requested.connect(self.signatures.choose_certificate)
        self.view.fetch_certificate_requested.connect(self._fetch_certificate)
        self.view.verify_mfs_requested.connect(self.signatures.ask_mfs_key)
        self.signatures.changed.connect(self._signatures_changed)
        window.action(ActionId.OPEN_EVENTS).triggered.connect(self.open_dialog)
        self._build_actions()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        if files:
            self.load_paths(files)

    @property
    def checks(self) -> list[SignatureCheck]:
        return self.signatures.checks

    # -- setup --

    def _build_actions(self) -> None:
        paste = QAction(self.tr("&Paste Events"), self.window)
        paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        paste.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        paste.setToolTip(
            self.tr("Open the event JSON on the clipboard (Ctrl+V outside text fields)")
        )
        paste.triggered.connect(self.paste)
        self.window.addAction(paste)
        self.window.add_action(ActionId.PASTE_EVENTS, paste)
        folder = QAction(self.tr("Open Events &Folder…"), self.window)
        folder.setToolTip(self.tr("Open every event file of a folder (.json, .jsonl, .log…)"))
        folder.triggered.connect(self.open_folder_dialog)
        self.window.add_action(ActionId.OPEN_EVENTS_FOLDER, folder)
        # File menu: Open Events, Open Events Folder, Paste Events, then the rest.
        menu = self.window.file_menu
        actions = menu.actions()
        after = actions[actions.index(self.window.action(ActionId.OPEN_EVENTS)) + 1]
        menu.insertAction(after, folder)
        menu.insertAction(after, paste)

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
        open_dialog(dialog, self._dialogs)

    def open_folder_dialog(self) -> None:
        dialog = QFileDialog(self.window, self.tr("Open a folder of Huawei VOD events"))
        dialog.setObjectName("openEventsFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.load_paths([path]))
        open_dialog(dialog, self._dialogs)

    def load_paths(self, paths: Sequence[str]) -> None:
        self.loader.load_paths(paths)
        self.window.show_status(self.tr("Reading events…"))

    def load_text(self, text: str) -> None:
        self.loader.load_text(text, self.tr("clipboard"))

    def cancel_load(self) -> None:
        self.loader.cancel()

    def _load_cancelled(self) -> None:
        self.window.show_status(self.tr("Reading events cancelled."))

    def paste(self) -> None:
        focus = QGuiApplication.focusObject()
        if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            return  # text fields take their own Ctrl+V (ShortcutOverride); never steal a paste
        text = QGuiApplication.clipboard().text().strip()
        if not text or text[0] not in "{[":
            self.window.show_status(self.tr("The clipboard holds no event JSON."))
            return
        self.load_text(text)

    def _loaded(self, load: EventLoad) -> None:
        result = load.result
        if not result.events:
            self._nothing_loaded(load)
            return
        self.problems = list(load.errors) + [str(p) for p in result.problems]
        self.events = result.events
        self.panel.show_events(self.events, self.signatures.check_all())
        self.panel.show_problems(self.problems)
        self.window.set_grid_widget(self.splitter)
        self.window.set_job_info(None)
        self.panel.setVisible(len(self.events) > 1 or bool(self.problems))
        self.window.show_status(self._loaded_status())
        # Selecting the first row shows its event (``_list_current_changed``); shown a second
        # time here, a 50 MB event laid out its 220,000 tiles and its tree twice (1.4 s).
        self.current = None
        self.panel.list.setCurrentIndex(self.panel.proxy.index(0, 0))
        if self.current != 0:  # the row was current already: no signal came
            self.select_event(0)
        self.events_loaded.emit(len(self.events))

    def _nothing_loaded(self, load: EventLoad) -> None:
        """Nothing readable: whatever is under review (a video grid, earlier events) stays as it
        was; the error is said in the status bar and shown in place in the inspector's Raw tab."""
        problems = load.result.problems
        if problems:
            message = tr_message(problems[0].user_message())
        elif load.errors:
            message = load.errors[0]
        else:
            message = self.tr("No events found.")
        self.window.show_status(
            tr_format(self.tr("Could not open events: {message}"), message=message)
        )
        failed = load.failed
        if failed is not None:
            self.inspector.show_error_text(
                failed.text,
                self.tr("Could not read"),
                failed.offset,
                failed.problem.line,
                failed.problem.column,
                failed.problem.message,
                source=Path(failed.source).name,
            )
        self.events_loaded.emit(0)

    def _loaded_status(self) -> str:
        count = len(self.events)
        status = (
            self.tr("1 event") if count == 1 else tr_format(self.tr("{count} events"), count=count)
        )
        failed = sum(1 for e in self.events if e.failed)
        if failed:
            status += ", " + tr_format(self.tr("{failed} failed"), failed=failed)
        if self.problems:
            status += " — " + tr_format(
                self.tr("{count} could not be read"), count=len(self.problems)
            )
        return status

    # -- preview --

    def open_preview(self, model: EventTilesModel, row: int) -> None:
        """The snapshot at full size in the preview the Alibaba grid uses (one per tile row)."""
        from snapview.ui.preview import PreviewWindow

        pipeline = model.pipeline
        if pipeline is None or not 0 <= row < model.rowCount() or model.tile(row).url is None:
            return  # no picture to show: the tile says why
        preview = self._previews.get(id(model))
        if preview is None:
            preview = PreviewWindow(model, pipeline, self.window)  # type: ignore[arg-type]
            preview.setObjectName("eventPreviewWindow")
            self._previews[id(model)] = preview
        preview.show_row(row)

    # -- list --

    def _list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.select_event(int(current.data(EventRoles.INDEX)))

    def select_event(self, index: int) -> None:
        if not 0 <= index < len(self.events):
            return
        self.current = index
        event = self.events[index]
        if self.view.pipeline is None:
            self.view.set_pipeline(self.services.images.get())
        self.view.show_event(event, self.checks[index])
        self.live_asset.set_event(event)
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
            timestamp, sign = mfs_headers(fields)
            return {"envelope": "MFS", "auth_timestamp": timestamp, "auth_sign": sign}
        return None

    # -- selection sync and signatures --

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

    def _signatures_changed(self) -> None:
        if self.current is not None:
            self.view.set_signature(self.checks[self.current])
        self.panel.mark_signatures(self.checks)

    def _fetch_certificate(self) -> None:
        if self.current is not None:
            self.signatures.fetch_certificate(self.events[self.current])

    # -- drag and drop --

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and isinstance(event, QDragEnterEvent | QDropEvent):
            mime = event.mimeData()
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.load_paths(paths)
                return True
        return super().eventFilter(watched, event)
