"""Shared fixtures for the benchmarks: the demo corpus parsed once."""

from __future__ import annotations

import pytest

from storyline.batch.bench import corpus
from storyline.model import RawInput


@pytest.fixture(scope="session")
def raws() -> list[RawInput]:
    return corpus(45)


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from storyline.pipeline import Pipeline

    return Pipeline()
