"""File → Export report…: which decisions (this video, every reviewed video, optionally only those
made since a date), which format (CSV for a spreadsheet, JSON to hand work to another reviewer,
the PDF contact sheet to send), and where. The export runs in the background (:mod:`.export_job`)
while a busy bar and the current step show; the dialog stays responsive and says plainly what was
written — or why nothing could be, with the file kept as it was."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from snapview.core.errors import UserFacingError
from snapview.core.i18n import Message
from snapview.core.review.report import ReportScope
from snapview.services.app_services import AppServices
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.review.export_job import ExportFormat, ExportResult, export_report
from snapview.ui.tr import tr_format, tr_message

_ERROR_STYLE = "color: #b3261e;"


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget, services: AppServices, binding: ReviewBinding) -> None:
        super().__init__(parent)
        self.setObjectName("reviewExportDialog")
        self.setWindowTitle(self.tr("Export Review Report"))
        self.services = services
        self.binding = binding
        self.video_id = ""
        self.task: asyncio.Task[ExportResult | None] | None = None
        self.this_video = QRadioButton()
        self.this_video.setObjectName("exportThisVideo")
        self.every_video = QRadioButton(self.tr("Every reviewed video"))
        self.every_video.setObjectName("exportEveryVideo")
        self.since_box = QCheckBox(self.tr("Only decisions made since"))
        self.since_box.setObjectName("exportSinceBox")
        self.since_date = QDateEdit(QDate.currentDate().addDays(-7))
        self.since_date.setObjectName("exportSinceDate")
        self.since_date.setCalendarPopup(True)
        self.since_date.setEnabled(False)
        self.since_box.toggled.connect(self.since_date.setEnabled)
        self.format_box = QComboBox()
        self.format_box.setObjectName("exportFormat")
        self.format_box.addItem(self.tr("PDF contact sheet"), ExportFormat.PDF.value)
        self.format_box.addItem(self.tr("CSV (Excel)"), ExportFormat.CSV.value)
        self.format_box.addItem(self.tr("JSON (for another reviewer)"), ExportFormat.JSON.value)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        browse = QPushButton(self.tr("Browse…"))
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 0)  # busy: the steps are said in words below
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        # Room for a three-line failure sentence, so saying it never clips or jolts the dialog.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3 + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.close)
        scope = QVBoxLayout()
        scope.addWidget(self.this_video)
        scope.addWidget(self.every_video)
        since = QHBoxLayout()
        since.addWidget(self.since_box)
        since.addWidget(self.since_date)
        since.addStretch(1)
        scope.addLayout(since)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Decisions:"), scope)
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.tr("Save as:"), where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    # -- filling in --------------------------------------------------------------------------------

    def prepare(self, video_id: str) -> None:
        """Open on the video on screen (if any), with a file name in the documents folder."""
        self.video_id = video_id
        self.this_video.setText(
            tr_format(self.tr("This video ({video})"), video=video_id)
            if video_id
            else self.tr("This video (none is open)")
        )
        self.this_video.setEnabled(bool(video_id))
        (self.this_video if video_id else self.every_video).setChecked(True)
        if not self.path_edit.text():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            ) or str(Path.home())
            self.path_edit.setText(str(Path(folder) / self._file_name()))
        else:
            self._format_changed()
        self._say("")

    @property
    def fmt(self) -> ExportFormat:
        return ExportFormat(self.format_box.currentData())

    def _file_name(self) -> str:
        what = self.video_id if self.video_id and self.this_video.isChecked() else "all"
        return f"snapview-review-{what}-{dt.date.today():%Y%m%d}.{self.fmt.value}"

    def _format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(f".{self.fmt.value}")))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the Report As"), self.path_edit.text(), f"*.{self.fmt.value}"
        )
        if name:
            self.path_edit.setText(name)

    def scope(self) -> ReportScope:
        videos = (self.video_id,) if self.this_video.isChecked() and self.video_id else ()
        since = None
        if self.since_box.isChecked():
            qdate = self.since_date.date()
            day = dt.date(qdate.year(), qdate.month(), qdate.day())
            since = dt.datetime.combine(day, dt.time()).astimezone()
        return ReportScope(videos, since, None)

    # -- running -----------------------------------------------------------------------------------

    def start(self) -> asyncio.Task[ExportResult | None] | None:
        text = self.path_edit.text().strip()
        if not text:
            self._say(self.tr("Choose where to save the report."), error=True)
            return None
        path = Path(text).expanduser()
        self.export_button.setEnabled(False)
        self.progress.show()
        self._say(self.tr("Exporting…"))
        self.task = self.services.tasks.spawn(self._run(path), name="review-export", replace=True)
        return self.task

    async def _run(self, path: Path) -> ExportResult | None:
        try:
            store = await self.binding.store()
            result = await export_report(
                self.services, store, self.fmt, self.scope(), path, self._step
            )
        except UserFacingError as exc:
            self._finish()
            self._say(tr_message(exc.user_message), error=True)
            return None  # said in the dialog; nothing for the crash log
        self._finish()
        if result.decisions:
            text = tr_format(
                self.tr("Wrote {decisions} decisions of {videos} videos to {path}."),
                decisions=f"{result.decisions:,}",
                videos=f"{result.videos:,}",
                path=str(result.path),
            )
        else:
            text = tr_format(
                self.tr("There are no decisions in this scope; {path} has none."),
                path=str(result.path),
            )
        self._say(text)
        return result

    def _step(self, message: Message) -> None:
        self._say(tr_message(message))

    def _finish(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "")
