"""The shape ``services/images.py``'s ``pipeline_for`` was written against, kept only until arch-images
lands: the app uses :attr:`snapview.services.app_services.AppServices.images` instead, and nothing
calls ``pipeline_for`` any more. Delete this module with it."""

from collections.abc import Callable
from typing import Any, Protocol


class AppServices(Protocol):
    extras: dict[str, Any]

    def add_closer(self, name: str, closer: Callable[[], object]) -> None: ...
