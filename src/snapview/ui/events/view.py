"""The central area in event mode: one Huawei VOD event as a reviewer needs to see it.

A header names the asset, event type, envelope and signature outcome; a ``thumbnailComplete`` that
succeeded shows its ``sample`` and ``dots`` snapshots as two labelled rows of tiles ordered by offset
(mm:ss under each), loading the images through the shared
:class:`snapview.services.images.ImagePipeline` with the grid's tile loader (fetch and scaled
decode off the GUI thread, only what is painted, pixmaps in a bounded cache); a
FAILED event shows a prominent error card with the code and message instead of an empty grid; other
event types and plain-text SMN messages get a short card and their JSON in the inspector.
``EventView.snapshot_selected`` and :meth:`EventView.select_path` keep the tiles in step with the
inspector's tree.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from snapview.core.event_signatures import SignatureCheck, SignatureStatus
from snapview.core.huawei_events import Envelope, EventKind, EventSnapshot, VodEvent, format_offset
from snapview.core.json_document import PathPart, format_path
from snapview.ui.events.tile_list import TILE, TileList
from snapview.ui.grid.loader import ImageSource, TileLoader
from snapview.ui.grid.tile_model import ModelIndex, TileListModel
from snapview.ui.grid.tiles import Tile, TileState
from snapview.ui.tr import tr_message
from snapview.ui.widgets.labels import make_label

log = logging.getLogger("snapview.events")


def _placeholder(text: str, colour: str = "#d9d9d9") -> QPixmap:
    """A tile-sized card with ``text`` wrapped inside a margin, so a failure reads from its first
    word ("Network error: …"), never clipped on both sides; the tooltip has the whole sentence."""
    pixmap = QPixmap(TILE)
    pixmap.fill(QColor(colour))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.drawText(
        pixmap.rect().adjusted(6, 4, -6, -4),
        int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
        text,
    )
    painter.end()
    return pixmap


KEY_PREFIX = "event:"  # the pipeline's key of a snapshot's picture: the prefix and its URL


class _RowLookup:
    """Which rows show a URL and which row shows the snapshot at an index of the event's list,
    kept compact: a 50 MB event lists 220,000 snapshots, and a dict of lists keyed by new
    ``"event:" + url`` strings with a path tuple per row cost 130 MB. Here the dict maps each URL
    (the snapshot's own string, nothing copied) to its first row; only URLs listed twice keep a
    list; the index-to-row map is an ``array`` of 4-byte rows, or nothing when the snapshots come
    in their list's order (row == index, as every event we have seen lists them)."""

    def __init__(self, shots: Sequence[EventSnapshot]) -> None:
        self._first: dict[str, int] = {}
        self._more: dict[str, list[int]] = {}
        in_order = True
        for row, shot in enumerate(shots):
            first = self._first.setdefault(shot.url, row)
            if first != row:
                self._more.setdefault(shot.url, [first]).append(row)
            in_order = in_order and shot.index == row
        self._rows_of_index: array[int] | None = None
        if not in_order:
            rows = array("i", [-1]) * (max(shot.index for shot in shots) + 1)
            for row, shot in enumerate(shots):
                rows[shot.index] = row
            self._rows_of_index = rows
        self._count = len(shots)

    def rows_of_url(self, url: str) -> list[int]:
        more = self._more.get(url)
        if more is not None:
            return list(more)
        row = self._first.get(url)
        return [] if row is None else [row]

    def row_of_index(self, index: int) -> int | None:
        if self._rows_of_index is None:
            return index if 0 <= index < self._count else None
        if not 0 <= index < len(self._rows_of_index):
            return None
        row = self._rows_of_index[index]
        return None if row < 0 else row


class EventTilesModel(TileListModel):
    """The snapshots of one group (``sample`` or ``dots``), in offset order.

    Built on the grid's tile vocabulary: a :class:`Tile` per snapshot, pixmaps in the bounded cache,
    and a :class:`TileLoader` that requests a picture when its row is painted. Pictures are keyed by
    URL, so the same snapshot in another event (or the other group) is one fetch.
    """

    PathRole = int(Qt.ItemDataRole.UserRole) + 11
    """Role returning the snapshot's inspector path ("$.thumbnail_info.sample[2]")."""

    def __init__(self, pipeline: ImageSource | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shots: Sequence[EventSnapshot] = ()
        self.path_prefix: tuple[PathPart, ...] = ()
        self._lookup: _RowLookup | None = None  # built on first use, see _RowLookup
        self._loading = _placeholder(self.tr("loading…"))
        self.loader = TileLoader(self, pipeline, target=TILE)

    @property
    def pipeline(self) -> ImageSource | None:
        return self.loader.pipeline

    def set_pipeline(self, pipeline: ImageSource | None) -> None:
        if pipeline is not None:
            self.loader.set_pipeline(pipeline)

    def set_shots(self, shots: Sequence[EventSnapshot], path_prefix: tuple[PathPart, ...]) -> None:
        """Show ``shots`` (in offset order); a snapshot's inspector path is ``path_prefix`` plus its
        index in the event's list. Nothing is made per row here: a 50 MB event has 220,000."""
        self.beginResetModel()
        self.loader.reset()
        self._forget_tiles()
        self.shots, self.path_prefix = shots, path_prefix
        self._rows = len(shots)
        self._lookup = None
        self.endResetModel()

    # -- tiles and keys --

    def _new_tile(self, row: int) -> Tile:
        url = self.shots[row].url
        offset = self.shots[row].offset
        tile = Tile(
            index=row + 1,
            url=url or None,
            state=TileState.LOADING,
            offset_ms=offset * 1000 if offset is not None else None,
        )
        if not url:
            self.fail_tile(tile, self.tr("no URL"), self.tr("no URL"))
        return tile

    def key_for(self, row: int) -> str:
        return KEY_PREFIX + self.shots[row].url

    def rows_for_key(self, key: str) -> list[int]:
        if not key.startswith(KEY_PREFIX) or not self._rows:
            return []
        return self._rows_lookup().rows_of_url(key[len(KEY_PREFIX) :])

    def row_for_index(self, original_index: int) -> int | None:
        """The row of the snapshot at ``original_index`` in the event's list."""
        if not self._rows:
            return None
        return self._rows_lookup().row_of_index(original_index)

    def path_for(self, row: int) -> tuple[PathPart, ...]:
        """The inspector path of ``row``'s snapshot."""
        return (*self.path_prefix, self.shots[row].index)

    def _rows_lookup(self) -> _RowLookup:
        if self._lookup is None:
            self._lookup = _RowLookup(self.shots)
        return self._lookup

    # -- Qt model API --

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        row = index.row()
        shot = self.shots[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_offset(shot.offset)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = self.tile(row).reason
            seconds = shot.offset if shot.offset is not None else "?"
            base = f"{format_offset(shot.offset)} ({seconds} s)\n{shot.url}"
            return base + (f"\n{reason}" if reason else "")
        if role == self.PathRole:
            return format_path(self.path_for(row))
        if role == self.StateRole:
            return self.tile(row).state
        if role == self.TileRole:
            return self.tile(row)
        return None

    def _pixmap(self, row: int) -> QPixmap:
        # Painting is asking: the list paints a row's decoration, the loader fetches its picture.
        self.loader.on_painted(row)
        tile = self.tile(row)
        pixmap = self.pixmap_for(row) if tile.state == TileState.LOADED else None
        if pixmap is not None:
            return pixmap
        if tile.state == TileState.FAILED:
            return _placeholder("⚠ " + (tile.short_reason or tile.reason)[:80], "#f3d6d6")
        return self._loading


class EventView(QWidget):
    """One event: header, signature line with verify actions, then tiles, an error card or a note."""

    snapshot_selected = Signal(str)  # inspector path of the selected snapshot
    preview_requested = Signal(object, int)  # the group's EventTilesModel, row
    zoom_requested = Signal(int)  # new tile width (Ctrl+wheel on a tile row)
    status_text = Signal(str)  # what a tile action did
    verify_certificate_requested = Signal()
    fetch_certificate_requested = Signal()
    verify_mfs_requested = Signal()

    def __init__(self, pipeline: ImageSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventView")
        self.current_event: VodEvent | None = None
        self.pipeline = pipeline
        self._syncing = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self._scroll = scroll
        body = QWidget()
        scroll.setWidget(body)
        # A long group is as tall as the page shows and scrolls inside itself (see tile_list).
        scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)

        self.title_label = make_label(
            object_name="eventTitle", bold=True, scale=1.3, selectable=True
        )
        layout.addWidget(self.title_label)
        self.meta_label = make_label(object_name="eventMeta", selectable=True, wrap=True)
        layout.addWidget(self.meta_label)

        signature_row = QHBoxLayout()
        self.signature_label = make_label(object_name="eventSignature", wrap=True)
        signature_row.addWidget(self.signature_label, 1)
        self.cert_button = QPushButton(self.tr("Verify with certificate…"))
        self.cert_button.setObjectName("verifyCertButton")
        self.cert_button.clicked.connect(self.verify_certificate_requested)
        signature_row.addWidget(self.cert_button)
        self.fetch_button = QPushButton(self.tr("Download certificate"))
        self.fetch_button.setObjectName("fetchCertButton")
        self.fetch_button.setToolTip(self.tr("Only from https://smn.<region>.myhuaweicloud.com"))
        self.fetch_button.clicked.connect(self.fetch_certificate_requested)
        signature_row.addWidget(self.fetch_button)
        self.mfs_button = QPushButton(self.tr("Verify with MFS key…"))
        self.mfs_button.setObjectName("verifyMfsButton")
        self.mfs_button.clicked.connect(self.verify_mfs_requested)
        signature_row.addWidget(self.mfs_button)
        layout.addLayout(signature_row)

        self.error_card = QFrame()
        self.error_card.setObjectName("eventErrorCard")
        self.error_card.setStyleSheet(
            "QFrame#eventErrorCard { background: #fdecea; border: 2px solid #d93025; border-radius: 6px; }"
            " QLabel { color: #7f1d1d; background: transparent; border: none; }"
        )
        card = QVBoxLayout(self.error_card)
        card.setContentsMargins(16, 14, 16, 14)
        self.error_title = make_label(
            self.tr("Snapshot job FAILED"), object_name="eventErrorTitle", bold=True, scale=1.5
        )
        card.addWidget(self.error_title)
        self.error_code_label = make_label(object_name="eventErrorCode", selectable=True)
        card.addWidget(self.error_code_label)
        self.error_msg_label = make_label(
            object_name="eventErrorMessage", selectable=True, wrap=True
        )
        card.addWidget(self.error_msg_label)
        layout.addWidget(self.error_card)

        self.note_label = make_label(object_name="eventNote", selectable=True, wrap=True)
        self.note_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.note_label.setMargin(10)
        layout.addWidget(self.note_label)

        self.groups: dict[str, tuple[QLabel, TileList, EventTilesModel]] = {}
        for group, title in (
            ("sample", self.tr("Interval snapshots (sample)")),
            ("dots", self.tr("Time-point snapshots (dots)")),
        ):
            label = make_label(title, object_name=f"eventGroup_{group}", bold=True)
            model = EventTilesModel(pipeline, self)
            view = TileList(model)
            view.setObjectName(f"eventTiles_{group}")
            view.preview_requested.connect(lambda row, m=model: self.preview_requested.emit(m, row))
            view.zoom_requested.connect(self.zoom_requested)
            view.status_text.connect(self.status_text)
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, g=group, v=view: self._tile_changed(g, v, current)
            )
            layout.addWidget(label)
            layout.addWidget(view)
            self.groups[group] = (label, view, model)
            label.setProperty("groupTitle", title)
        layout.addStretch(1)
        self._body_layout = layout
        self.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._cap_tiles()
        return super().eventFilter(watched, event)

    def _cap_tiles(self) -> None:
        """A group's list may be as tall as the page's viewport less its title and margins, so
        one whole list (and the title above it) shows at once."""
        margins = self._body_layout.contentsMargins()
        spare = margins.top() + margins.bottom() + self._body_layout.spacing()
        for label, view, _model in self.groups.values():
            cap = self._scroll.viewport().height() - label.sizeHint().height() - spare
            view.set_height_cap(max(1, cap))

    def _reveal(self, view: TileList, index: QModelIndex) -> None:
        """Scroll the page so the list's tile at ``index`` (already in the list's own view)
        shows whole: the list may be partly below the page's edge."""
        rect = view.visualRect(index)
        if not rect.isValid():
            return
        body = self._scroll.widget()
        if body is None:
            return
        centre = view.viewport().mapTo(body, rect.center())
        self._scroll.ensureVisible(
            centre.x(), centre.y(), rect.width() // 2 + 4, rect.height() // 2 + 4
        )

    # -- content --

    def set_pipeline(self, pipeline: ImageSource | None) -> None:
        """Images come from the shared pipeline once an event loop runs (None: placeholders)."""
        self.pipeline = pipeline
        for _label, _view, model in self.groups.values():
            model.set_pipeline(pipeline)

    def set_zoom(self, width: int) -> None:
        """Every tile row at ``width`` pixels per tile (the window's zoom slider)."""
        for _label, view, _model in self.groups.values():
            view.set_zoom(width)

    def clear(self) -> None:
        self.current_event = None
        self.title_label.setText(self.tr("No event"))
        self.meta_label.clear()
        self.signature_label.clear()
        for button in (self.cert_button, self.fetch_button, self.mfs_button):
            button.hide()
        self.error_card.hide()
        self.note_label.hide()
        for label, view, model in self.groups.values():
            model.set_shots((), ())
            label.hide()
            view.hide()

    def show_event(self, event: VodEvent, check: SignatureCheck | None = None) -> None:
        self.current_event = event
        kind = event.event_type or (
            self.tr("Text message") if event.kind is EventKind.TEXT else self.tr("Unknown JSON")
        )
        asset = event.asset_id
        self.title_label.setText(f"{kind} — {asset}" if asset else kind)
        envelope = {
            Envelope.NONE: self.tr("bare event"),
            Envelope.SMN: self.tr("SMN {type}").replace("{type}", event.smn_type or ""),
            Envelope.MFS: self.tr("MFS callback"),
        }[event.envelope]
        meta = [
            self.tr("Status: {status}").replace("{status}", event.status or "—"),
            self.tr("Envelope: {envelope}").replace("{envelope}", envelope),
            self.tr("Source: {source}, line {line}")
            .replace("{source}", event.source)
            .replace("{line}", str(event.line)),
        ]
        self.meta_label.setText("   ·   ".join(meta))
        self.set_signature(check)
        info = event.thumbnail
        self.error_card.setVisible(info is not None and info.failed)
        if info is not None and info.failed:
            self.error_code_label.setText(
                self.tr("Error code: {code}").replace(
                    "{code}", info.error_code or self.tr("(no code)")
                )
            )
            self.error_msg_label.setText(
                self.tr("Message: {message}").replace(
                    "{message}", info.error_msg or self.tr("(no message)")
                )
            )
        notes = [tr_message(n) for n in event.notes]
        if event.kind is EventKind.TEXT:
            notes.insert(0, self.tr("Plain-text message:") + "\n" + (event.text or ""))
        elif event.thumbnail is None and event.kind is EventKind.EVENT:
            notes.insert(
                0,
                self.tr(
                    "This {type} event has no snapshots to show; its JSON is in the inspector."
                ).replace("{type}", event.event_type or "?"),
            )
        elif info is not None and not info.failed and not info.sample and not info.dots:
            notes.insert(0, self.tr("The event lists no snapshots."))
        self.note_label.setText("\n".join(notes))
        self.note_label.setVisible(bool(notes))
        for group, (label, view, model) in self.groups.items():
            shots = (
                (info.sample if group == "sample" else info.dots)
                if info is not None and not info.failed
                else ()
            )
            model.set_shots(shots, event.snapshots_path(group))
            title = str(label.property("groupTitle"))
            label.setText(f"{title} — {len(shots)}")
            visible = bool(shots) or (info is not None and not info.failed and group == "sample")
            label.setVisible(visible)
            view.setVisible(bool(shots))

    def set_signature(self, check: SignatureCheck | None) -> None:
        event = self.current_event
        if event is None:
            return
        if check is None or check.status is SignatureStatus.NOT_APPLICABLE:
            text = self.tr("Signature: not applicable") + (
                f" — {tr_message(check.detail)}" if check else ""
            )
            colour = "#555555"
        elif check.status is SignatureStatus.VALID:
            text = self.tr("Signature: ✔ valid") + f" — {tr_message(check.detail)}"
            colour = "#137333"
        elif check.status is SignatureStatus.INVALID:
            text = self.tr("Signature: ✘ INVALID") + f" — {tr_message(check.detail)}"
            colour = "#b00020"
        else:
            text = self.tr("Signature: not verified") + f" — {tr_message(check.detail)}"
            colour = "#8a6d00"
        self.signature_label.setText(text)
        self.signature_label.setStyleSheet(f"color: {colour};")
        self.signature_label.setProperty("status", str(check.status) if check else "not-applicable")
        self.cert_button.setVisible(event.envelope is Envelope.SMN)
        self.fetch_button.setVisible(event.envelope is Envelope.SMN)
        self.mfs_button.setVisible(event.envelope is Envelope.MFS)

    # -- selection sync --

    def _tile_changed(self, group: str, view: TileList, current: QModelIndex) -> None:
        if not current.isValid():
            return
        self._reveal(view, current)
        if self._syncing:
            return
        for other, (_label, view, _model) in self.groups.items():
            if other != group:
                view.selectionModel().clearSelection()
        path = current.data(EventTilesModel.PathRole)
        if path:
            self.snapshot_selected.emit(str(path))

    def select_path(self, path: tuple[PathPart, ...]) -> bool:
        """Select the tile of the snapshot at (or under) ``path``; False if the path holds none."""
        if self.current_event is None or len(path) < 3:
            return False
        info_key, group, index = path[0], path[1], path[2]
        if group not in self.groups or not isinstance(index, int):
            return False
        if (
            self.current_event.thumbnail is None
            or info_key != self.current_event.thumbnail.info_key
        ):
            return False
        _label, view, model = self.groups[group]
        row = model.row_for_index(index)
        if row is None:
            return False
        self._syncing = True
        try:
            for other, (_l, other_view, _m) in self.groups.items():
                if other != group:
                    other_view.selectionModel().clearSelection()
            model_index = model.index(row)
            view.setCurrentIndex(model_index)
            view.scrollTo(model_index)
            self._reveal(view, model_index)
        finally:
            self._syncing = False
        return True

    def selected_path(self) -> str | None:
        for _label, view, _model in self.groups.values():
            index = view.currentIndex()
            if index.isValid() and view.selectionModel().isSelected(index):
                return str(index.data(EventTilesModel.PathRole))
        return None
