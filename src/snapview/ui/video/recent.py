"""The VideoIds opened recently: a completer on the VideoId box (matching anywhere, any case) fed
from the ``recent_videos`` setting, newest first, at most :data:`RECENT_MAX`."""

from __future__ import annotations

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from snapview.services.settings import Settings

RECENT_KEY = "recent_videos"
RECENT_MAX = 30


class RecentVideos(QObject):
    def __init__(self, edit: QLineEdit, settings: Settings) -> None:
        super().__init__(edit)
        self.settings = settings
        self.model = QStringListModel(self.videos(), self)
        completer = QCompleter(self.model, edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(completer)

    def videos(self) -> list[str]:
        value = self.settings.get(RECENT_KEY, [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def remember(self, video_id: str) -> None:
        recent = ([video_id] + [v for v in self.videos() if v != video_id])[:RECENT_MAX]
        self.settings.set(RECENT_KEY, recent)
        self.model.setStringList(recent)
