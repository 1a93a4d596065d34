"""Shared test fixtures: the bundled sample corpus."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import SAMPLES  # noqa: E402

# Starlette's TestClient sends `Host: testserver`; a local app answers only to loopback names
# and the names configured here (tests of the Host check pass their own allow-list).
os.environ.setdefault("KEHOACH_ALLOWED_HOSTS", "testserver")
# The search index of a PostgreSQL store lives under KEHOACH_INDEX_DIR: the tests' own, removed at exit.
if "KEHOACH_INDEX_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _INDEX_DIR = tempfile.mkdtemp(prefix="kehoach-test-index-")
    os.environ["KEHOACH_INDEX_DIR"] = _INDEX_DIR
    atexit.register(shutil.rmtree, _INDEX_DIR, True)


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    return dict(SAMPLES)


@pytest.fixture(scope="session")
def parsed_samples():
    """The four sample documents, parsed once per test session."""
    from kehoach.pipeline import process_file

    return {key: process_file(path) for key, path in SAMPLES.items()}
