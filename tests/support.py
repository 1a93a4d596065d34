"""Paths and loaders shared by tests (a plain module: `conftest` names clash across test folders)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = {
    "000": CORPUS / "000_e11a6b2333e4ca78.txt",
    "001": CORPUS / "001_0adb6059266a309d.txt",
    "002": CORPUS / "002_f4e8c3708913dc0e.txt",
    "004": CORPUS / "004_5c34ffd921cbe0dd.txt",
}


def load_fixture(name: str):
    """A JSON fixture under tests/fixtures/."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
