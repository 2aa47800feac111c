"""Fixtures of the image pipeline's tests: the loopback image server and a pipeline factory that
closes every pipeline it made (the suite fails a test that leaves one open)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from snapview.services.images import ImagePipeline
from tests.helpers.async_qt import run
from tests.services.image_server import ImageServer


@pytest.fixture
def server(qtbot: Any) -> Iterator[ImageServer]:
    srv = ImageServer()
    run(qtbot, srv.start())
    yield srv
    run(qtbot, srv.stop())


@pytest.fixture
def make_pipeline(qtbot: Any) -> Iterator[Callable[..., ImagePipeline]]:
    made: list[ImagePipeline] = []

    def factory(**kwargs: Any) -> ImagePipeline:
        pipeline = ImagePipeline(**kwargs)
        made.append(pipeline)
        return pipeline

    yield factory
    for pipeline in made:
        run(qtbot, pipeline.aclose())
