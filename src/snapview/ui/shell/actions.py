"""The ids of every action in the main window (menus, toolbar, shortcuts), after Picard's
``MainAction``: a typo is an ``AttributeError`` at import time, not a ``KeyError`` at start-up.

The shell creates the actions of the application itself; features create theirs and register them
with :meth:`MainWindow.add_action`. Each action's Qt object name is ``action_<id>``.
"""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    # File
    OPEN_EVENTS = "open_events"
    OPEN_EVENTS_FOLDER = "open_events_folder"
    PASTE_EVENTS = "paste_events"
    LOAD_ASSET_LIVE = "load_asset_live"  # the event's Huawei media asset, in the grid
    QUIT = "quit"
    # The VideoId box and the video list
    LOAD = "load"
    PREVIOUS_VIDEO = "previous_video"
    NEXT_VIDEO = "next_video"
    # View
    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    SPLIT_FRAMES = "split_frames"
    GO_TO = "go_to"
    FOCUS_VIDEO_ID = "focus_video_id"
    RELOAD = "reload"
    RETRY_FAILED = "retry_failed"
    # The whole-video scan (ui/scan)
    SCAN_VIDEO = "scan_video"
    CANCEL_SCAN = "cancel_scan"
    NEXT_DEFECT = "next_defect"
    PREVIOUS_DEFECT = "previous_defect"
    TOGGLE_DEFECTS = "toggle_defects"
    TOGGLE_INSPECTOR = "toggle_inspector"
    LANGUAGE_MENU = "language_menu"
    # Tools, Help
    FOCUS_LIBRARY = "focus_library"  # the library dock (Ctrl+1)
    PROFILES = "profiles"
    SHORTCUTS = "shortcuts"
    LOG_LOCATION = "log_location"
    REPORT_PROBLEM = "report_problem"
    ABOUT = "about"
