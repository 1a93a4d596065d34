"""Shared test fixtures: the bundled sample corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import SAMPLES  # noqa: E402


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    return dict(SAMPLES)


@pytest.fixture(scope="session")
def parsed_samples():
    """The four sample documents, parsed once per test session."""
    from kehoach.pipeline import process_file

    return {key: process_file(path) for key, path in SAMPLES.items()}
