"""The main window: toolbar (profile, VideoIds, snapshot type, load, zoom), the central grid area
with its empty state, the dockable inspector, and the status bar.

Features plug into the shell through its named parts (``action``/``add_action`` by
:class:`~snapview.ui.shell.actions.ActionId`, ``set_grid_widget``, ``inspector``, ``show_status``)
rather than by subclassing, so each feature keeps its own package. The shell owns the inspector:
every feature that shows a document (a ListSnapshots page, an event) shows it in ``inspector``.

The first frame (``launcher.show_first_frame``) is on the start-up budget, and PySide6 builds a
class's Python enum classes on the class's first use: ~95 for the ``Qt`` namespace (20–35 ms, more
than the rest of the shell), ~10 ms for ``QStyle``, 4 ms for ``QEvent``. So what the first frame
builds names Qt's enums through Qt's property system (``setProperty("toolButtonStyle",
"ToolButtonTextBesideIcon")``, as a ``.ui`` file does) and takes no event in Python, and
``MainWindow(first_frame=True)`` leaves two parts to :meth:`MainWindow.finish_first_frame`, right
after that frame: the inspector's dock (``addDockWidget`` needs a ``Qt.DockWidgetArea``) and the
style's standard icons (blank ones of the same size hold their place, so nothing moves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, QSize, Signal, qVersion
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSlider,
    QStackedWidget,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from snapview import __version__
from snapview.core.snapshot_types import SnapshotType
from snapview.resources import resource_path
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.language import ToolbarTextTidier
from snapview.ui.widgets.labels import make_label

# The inspector's modules (a JSON document model, a highlighter) load when a feature first asks
# for it, after the first frame (start-up budget, docs/performance.md).
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from snapview.ui.inspector import InspectorWidget

SNAPSHOT_TYPES = tuple(t.value for t in SnapshotType)

# The actions showing one of the style's standard icons (``QStyle.StandardPixmap`` names).
STANDARD_ICONS = {
    ActionId.OPEN_EVENTS: "SP_DialogOpenButton",
    ActionId.LOAD: "SP_BrowserReload",
    ActionId.PROFILES: "SP_DirHomeIcon",
}
TOOLBAR_ICON_SIZE = 20

ZOOM_MIN, ZOOM_MAX, ZOOM_DEFAULT = 64, 480, 200

# The smallest the central area and the docked inspector may become. Set explicitly, so what they
# show (a long job line, a topic_urn without spaces) can never raise the window's minimum and make
# the window widen itself; together they fit a 1024 px screen (D8).
CENTRAL_MIN_WIDTH, INSPECTOR_MIN_WIDTH, INSPECTOR_DEFAULT_WIDTH = 400, 240, 380


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "snapview.svg")))


class EmptyState(QWidget):
    """What the central area shows before anything is loaded: what to do next, in one glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(96, 96)))
        icon.setProperty("alignment", "AlignCenter")  # no ``Qt`` before the first frame
        layout.addWidget(icon)
        self.title = make_label(
            self.tr("No video loaded"),
            object_name="emptyTitle",
            bold=True,
            scale=1.6,
            centered=True,
        )
        layout.addWidget(self.title)
        self.hint = make_label(
            self.tr(
                "Enter or paste one or more VideoIds (with a Huawei Cloud profile: media asset IDs)\n"
                "above and press Load, or open a Huawei VOD event file with File → Open Events (Ctrl+O)."
            ),
            object_name="emptyHint",
            centered=True,
            wrap=True,
        )
        layout.addWidget(self.hint)
        layout.addStretch(3)


class MainWindow(QMainWindow):
    """The application shell. ``closed`` fires once the window has accepted its close event."""

    closed = Signal()
    features_built = Signal()  # set_starting(False): every feature is in the window now
    load_requested = Signal(str, str)  # (raw VideoId text, SnapshotType)
    zoom_changed = Signal(int)
    status_message: QLabel  # a plain label in the first frame, then an ElidedLabel

    def __init__(self, parent: QWidget | None = None, *, first_frame: bool = False) -> None:
        """``first_frame``: built for the launcher's first frame (see the module's docstring),
        without the dock and the standard icons until :meth:`finish_first_frame`, the toolbar's
        text tidied by ``set_starting(False)`` rather than when it shows."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("snapview"))
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.action_map: dict[ActionId, QAction] = {}
        # time.time() of the first frame when the launcher showed this window before its features
        # (``launcher.show_shell``); 0 for a window built whole (tests).
        self.first_shown_at = 0.0
        self.first_shown_cpu = 0.0  # time.process_time() then
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self.toolbar_tidier = ToolbarTextTidier(self, tidy_when_shown=not first_frame)
        self._inspector: InspectorWidget | None = None
        self._finished = False
        if not first_frame:
            self.finish_first_frame()

    # -- construction -----------------------------------------------------------------------------

    def _action(
        self,
        key: ActionId,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: QIcon | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        # ``setShortcuts([...])``, not ``setShortcut``: resolving the latter's overloads builds
        # PySide6's ``Qt`` enums (see the module's docstring). A standard key keeps its first
        # binding alone, as ``QKeySequence(key)`` gives (Ctrl+O, not also the keyboard's Open key).
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(QKeySequence.keyBindings(shortcut)[:1])
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        if icon is not None:
            action.setIcon(icon)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        return self.add_action(key, action)

    def _build_actions(self) -> None:
        # Blank until ``finish_first_frame`` sets the style's: the toolbar lays out the same.
        blank = QPixmap(TOOLBAR_ICON_SIZE, TOOLBAR_ICON_SIZE)
        blank.fill(QColor(0, 0, 0, 0))
        placeholder = QIcon(blank)
        self._action(
            ActionId.OPEN_EVENTS,
            self.tr("&Open Events…"),
            QKeySequence.StandardKey.Open,
            placeholder,
            self.tr("Open Huawei VOD event files (JSON or JSON Lines)"),
        )
        self._action(
            ActionId.QUIT, self.tr("&Quit"), QKeySequence.StandardKey.Quit
        ).triggered.connect(self.close)
        self._action(
            ActionId.LOAD,
            self.tr("&Load"),
            "Ctrl+Return",
            placeholder,
            self.tr("Load the snapshots of the VideoId"),
        ).triggered.connect(self._emit_load)
        self._action(
            ActionId.PROFILES,
            self.tr("&Profiles…"),
            None,
            placeholder,
            self.tr("Manage cloud accounts and their keys"),
        )
        self._action(
            ActionId.ZOOM_IN, self.tr("Zoom &In"), QKeySequence.StandardKey.ZoomIn
        ).triggered.connect(lambda: self.zoom_slider.setValue(self.zoom_slider.value() + 32))
        self._action(
            ActionId.ZOOM_OUT, self.tr("Zoom &Out"), QKeySequence.StandardKey.ZoomOut
        ).triggered.connect(lambda: self.zoom_slider.setValue(self.zoom_slider.value() - 32))
        self._action(ActionId.ABOUT, self.tr("&About snapview")).triggered.connect(self._about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("menu_file")
        self.file_menu = file_menu
        file_menu.addAction(self.action(ActionId.OPEN_EVENTS))
        file_menu.addSeparator()
        file_menu.addAction(self.action(ActionId.QUIT))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.setObjectName("menu_view")
        self.view_menu.addAction(self.action(ActionId.ZOOM_IN))
        self.view_menu.addAction(self.action(ActionId.ZOOM_OUT))
        self.view_menu.addSeparator()
        self.review_menu = bar.addMenu(self.tr("&Review"))  # filled by ui/review
        self.review_menu.setObjectName("menu_review")
        tools = bar.addMenu(self.tr("&Tools"))
        tools.setObjectName("menu_tools")
        self.tools_menu = tools
        tools.addAction(self.action(ActionId.PROFILES))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("menu_help")
        self.help_menu = help_menu
        help_menu.addAction(self.action(ActionId.ABOUT))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(TOOLBAR_ICON_SIZE, TOOLBAR_ICON_SIZE))
        toolbar.setProperty("toolButtonStyle", "ToolButtonTextBesideIcon")
        self.addToolBar(toolbar)  # at the top
        self.toolbar = toolbar

        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profileCombo")
        self.profile_combo.setMinimumWidth(140)
        self.profile_combo.setToolTip(self.tr("Cloud account profile"))
        self.profile_combo.setPlaceholderText(self.tr("No profile"))
        toolbar.addWidget(self.profile_combo)
        toolbar.addAction(self.action(ActionId.PROFILES))
        toolbar.addSeparator()

        self.video_edit = QLineEdit()
        self.video_edit.setObjectName("videoIdEdit")
        self.video_edit.setPlaceholderText(self.tr("VideoId — paste one or several"))
        self.video_edit.setClearButtonEnabled(True)
        self.video_edit.setMinimumWidth(200)  # the rest of the toolbar fits 1024 px
        self.video_edit.returnPressed.connect(self._emit_load)
        toolbar.addWidget(self.video_edit)

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("snapshotTypeCombo")
        for name in SNAPSHOT_TYPES:
            self.type_combo.addItem(snapshot_type_label(name), name)
        self.type_combo.setCurrentIndex(SNAPSHOT_TYPES.index("NormalSnapshot"))
        toolbar.addWidget(self.type_combo)
        toolbar.addAction(self.action(ActionId.LOAD))

    def icon_only_on_toolbar(self, action: QAction) -> None:
        """Show ``action``'s toolbar button as its icon alone (the toolbar shows text beside
        icons): for actions whose icon says it all and whose tooltip names them."""
        # Imported here, after the first frame (features call this): see the module's docstring.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QToolButton

        button = self.toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _build_zoom(self, status: QStatusBar) -> None:
        """The tile size, at the right of the status bar as in image viewers: in the toolbar it was
        the first thing a narrow window hid behind the "»" overflow."""
        zoom_label = QLabel(self.tr("Zoom"))
        zoom_label.setObjectName("zoomLabel")
        zoom_label.setContentsMargins(8, 0, 4, 0)
        status.addPermanentWidget(zoom_label)
        self.zoom_slider = QSlider()
        self.zoom_slider.setProperty("orientation", "Horizontal")
        self.zoom_slider.setObjectName("zoomSlider")
        self.zoom_slider.setRange(ZOOM_MIN, ZOOM_MAX)
        self.zoom_slider.setValue(ZOOM_DEFAULT)
        self.zoom_slider.setFixedWidth(120)
        self.zoom_slider.setToolTip(self.tr("Tile size (Ctrl+wheel over the grid)"))
        self.zoom_slider.valueChanged.connect(self.zoom_changed)
        status.addPermanentWidget(self.zoom_slider)

    def _build_central(self) -> None:
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner_area = QVBoxLayout()
        self.banner_area.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.banner_area)
        self.job_bar = QFrame()
        self.job_bar.setObjectName("jobInfoBar")
        self.job_bar.setFrameShape(QFrame.Shape.StyledPanel)
        job_layout = QHBoxLayout(self.job_bar)
        job_layout.setContentsMargins(10, 4, 10, 4)
        # Wrapped: a long job line takes a second row instead of widening the window.
        self.job_label = make_label(object_name="jobInfoLabel", selectable=True, wrap=True)
        job_layout.addWidget(self.job_label, 1)
        self.job_bar.hide()
        layout.addWidget(self.job_bar)
        self.central_stack = QStackedWidget()
        self.central_stack.setObjectName("centralStack")
        self.empty_state = EmptyState()
        self.central_stack.addWidget(self.empty_state)
        self.grid_area = QWidget()
        self.grid_area.setObjectName("gridArea")
        QVBoxLayout(self.grid_area).setContentsMargins(0, 0, 0, 0)
        self.central_stack.addWidget(self.grid_area)
        layout.addWidget(self.central_stack, 1)
        container.setMinimumWidth(CENTRAL_MIN_WIDTH)
        self.setCentralWidget(container)

    def finish_first_frame(self) -> None:
        """What ``MainWindow(first_frame=True)`` left out: the style's standard icons and the
        inspector's dock at the right (once; ``MainWindow()`` calls it itself)."""
        if self._finished:
            return
        self._finished = True
        style = self.style()
        for key, name in STANDARD_ICONS.items():
            self.action(key).setIcon(style.standardIcon(getattr(style.StandardPixmap, name)))
        self._build_inspector()
        self._install_eliding_message()

    def _install_eliding_message(self) -> None:
        from snapview.ui.widgets.elided_label import ElidedLabel

        plain = self.status_message
        # Small: beside a gap, failures and the filter the bar must still fit a 1280 px window
        # (the whole message is in the tooltip).
        eliding = ElidedLabel(plain.text(), minimum_width=60)
        eliding.setObjectName("statusMessage")
        status = self.statusBar()
        status.insertWidget(0, eliding)  # where the plain one was, with its stretch (0)
        status.removeWidget(plain)
        plain.deleteLater()
        self.status_message = eliding

    def _build_inspector(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDockWidget

        self.inspector_dock = QDockWidget(self.tr("Inspector"), self)
        self.inspector_dock.setObjectName("inspectorDock")
        self.inspector_dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        # Until a feature asks for the inspector (``inspector``), the dock holds an empty widget
        # of the inspector's minimum width, so the layout does not move when it arrives.
        placeholder = QWidget()
        placeholder.setObjectName("inspectorPlaceholder")
        placeholder.setMinimumWidth(INSPECTOR_MIN_WIDTH)
        self.inspector_dock.setWidget(placeholder)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.resizeDocks(
            [self.inspector_dock], [INSPECTOR_DEFAULT_WIDTH], Qt.Orientation.Horizontal
        )
        toggle = self.inspector_dock.toggleViewAction()
        toggle.setText(self.tr("&Inspector"))
        toggle.setShortcut(QKeySequence("F9"))
        self.add_action(ActionId.TOGGLE_INSPECTOR, toggle)
        self.view_menu.addAction(toggle)

    def _build_status_bar(self) -> None:
        status = QStatusBar(self)
        status.setObjectName("statusBar")
        self.setStatusBar(status)
        # The message asks for its whole text and gets it first (stretch 0 here, the review line
        # beside it stretches and gives way); squeezed, it ends in "…" with the whole text in its
        # tooltip, and it never widens the window. A stretch > 0 would make Qt shrink it first.
        # A plain label in the first frame: the eliding one overrides paintEvent, and a Python
        # event handler builds PySide6's QEvent enums there (start-up budget); it takes this one's
        # place in finish_first_frame.
        self.status_message = QLabel(self.tr("Ready"))
        self.status_message.setObjectName("statusMessage")
        status.addWidget(self.status_message)
        self.page_progress = QProgressBar()
        self.page_progress.setObjectName("pageProgress")
        self.page_progress.setRange(0, 0)
        self.page_progress.setMaximumWidth(120)
        self.page_progress.setTextVisible(False)
        self.page_progress.hide()
        status.addPermanentWidget(self.page_progress)
        self.loaded_label = QLabel()
        self.loaded_label.setObjectName("loadedLabel")
        status.addPermanentWidget(self.loaded_label)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("pagesLabel")
        status.addPermanentWidget(self.pages_label)
        self.failures_label = QLabel()
        self.failures_label.setObjectName("failuresLabel")
        status.addPermanentWidget(self.failures_label)
        self._build_zoom(status)

    # -- extension points -------------------------------------------------------------------------

    @property
    def inspector(self) -> InspectorWidget:
        """The shared inspector in the dock, made on first use (by the first feature built)."""
        if self._inspector is None:
            from snapview.ui.inspector import InspectorWidget

            inspector = InspectorWidget()
            inspector.setMinimumWidth(INSPECTOR_MIN_WIDTH)
            placeholder = self.inspector_dock.widget()
            self.inspector_dock.setWidget(inspector)
            if placeholder is not None:
                placeholder.deleteLater()
            self._inspector = inspector
        return self._inspector

    def action(self, key: ActionId) -> QAction:
        return self.action_map[key]

    def add_action(self, key: ActionId, action: QAction) -> QAction:
        """Register a feature's ``action`` under ``key`` (its object name becomes ``action_<key>``)."""
        action.setObjectName(f"action_{key}")
        self.action_map[key] = action
        return action

    def set_grid_widget(self, widget: QWidget) -> None:
        """Put the feature's grid into the central area and show it instead of the empty state.

        The widget already there stays put: taken out and added back, it would be hidden until the
        next event-loop turn (Qt shows a re-added child by a queued call), a blank central area
        right after every message or page the feature shows."""
        layout = self.grid_area.layout()
        assert layout is not None
        current = layout.itemAt(0) if layout.count() == 1 else None
        if current is None or current.widget() is not widget:
            while layout.count():
                item = layout.takeAt(0)
                old = item.widget() if item is not None else None
                if old is not None:
                    old.setParent(None)
            layout.addWidget(widget)
        self.central_stack.setCurrentWidget(self.grid_area)

    def show_empty_state(self) -> None:
        self.central_stack.setCurrentWidget(self.empty_state)

    def add_banner(self, widget: QWidget) -> None:
        """A persistent message above the grid (for example: secrets kept for this session only).

        Shown at once: a child added to a visible window's layout would otherwise stay hidden
        until the next event-loop turn (Qt shows it by a queued call)."""
        self.banner_area.addWidget(widget)
        widget.show()

    def set_job_info(self, text: str | None) -> None:
        self.job_label.setText(text or "")
        self.job_bar.setVisible(bool(text))

    def set_starting(self, starting: bool) -> None:
        """The state between the first frame and the features being built: the toolbar and the
        menus greyed (their actions are not wired yet) and "Starting…" in the status bar."""
        self.menuBar().setEnabled(not starting)
        self.toolbar.setEnabled(not starting)
        starting_text = self.tr("Starting…")
        if starting:
            self.show_status(starting_text)
        else:
            self.features_built.emit()
            self.toolbar_tidier.tidy()  # the features' toolbar actions too
            if self.status_message.text() == starting_text:  # a feature's own message stays
                self.show_status(self.tr("Ready"))

    def show_status(self, text: str) -> None:
        self.status_message.setText(text)  # the tooltip follows

    # -- behaviour --------------------------------------------------------------------------------

    def _emit_load(self) -> None:
        # An empty field is sent too: the video feature answers it with a hint (D11).
        self.load_requested.emit(self.video_edit.text().strip(), str(self.type_combo.currentData()))

    def _about(self) -> None:
        import html

        from PySide6.QtCore import QDir
        from PySide6.QtWidgets import QMessageBox

        from snapview.paths import log_dir
        from snapview.ui.tr import tr_format

        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("About snapview"))
        box.setIconPixmap(app_icon().pixmap(QSize(64, 64)))
        box.setText(
            tr_format(
                self.tr(
                    "<b>snapview {version}</b><br>Snapshot review for Alibaba Cloud VOD and Huawei Cloud VOD."
                ),
                version=__version__,
            )
        )
        # What support asks first, and where to look next (Help → Keyboard Shortcuts, the log).
        box.setInformativeText(
            tr_format(
                self.tr(
                    "Qt {qt} · PySide6 {pyside}<br>Keyboard shortcuts: F1<br>Log folder: {folder}"
                ),
                qt=qVersion(),
                pyside=PySide6.__version__,
                folder=html.escape(QDir.toNativeSeparators(str(log_dir()))),
            )
        )
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()


def snapshot_type_label(name: str) -> str:
    labels = {
        "CoverSnapshot": QCoreApplication.translate("SnapshotType", "Covers"),
        "NormalSnapshot": QCoreApplication.translate("SnapshotType", "Snapshots"),
        "SpriteSnapshot": QCoreApplication.translate("SnapshotType", "Sprite sheets"),
        "SpriteOriginSnapshot": QCoreApplication.translate("SnapshotType", "Sprite cells"),
        "WebVttSnapshot": QCoreApplication.translate("SnapshotType", "WebVTT"),
    }
    return labels.get(name, name)
