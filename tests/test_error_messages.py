"""Errors shown to a person say what is wrong in Vietnamese: never a Python class name
(`XMLSyntaxError`, `KeyError`), a driver's or a tool's English text, a traceback or a password
(issue 10). Checked on hostile files (tests/hostile/generate.py) through every face: `kehoach
parse`, the store's ingest (failures list), the web upload job, and on store and file faults."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kehoach.cli import app as cli
from kehoach.errors import IngestError, KehoachError, StoreError
from kehoach.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
from generate import generate  # noqa: E402

PYTHON_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Errno|Traceback|errno")
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý")


def clean(message: str, *english: str) -> bool:
    """A Vietnamese message with no Python name and none of the `english` texts."""
    return (
        bool(VIETNAMESE & set(message.lower()))
        and not PYTHON_NAME.search(message)
        and not any(e.lower() in message.lower() for e in english)
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("hostile"), ["broken_xml", "missing_part"])


def test_broken_docx_reasons_are_vietnamese(hostile):
    from kehoach.pipeline import process_file

    reasons = {}
    for case, path in hostile.items():
        with pytest.raises(IngestError) as exc:
            process_file(path)
        assert exc.value.code == "corrupt"
        assert clean(exc.value.message), exc.value.message
        reasons[case] = exc.value.message
    assert "XML" in reasons["broken_xml"] and "hỏng" in reasons["broken_xml"]  # what is broken, said
    assert "thiếu" in reasons["missing_part"]


def test_cli_parse_shows_the_reason_not_the_class(hostile):
    r = CliRunner().invoke(cli, ["parse", str(hostile["broken_xml"])])
    assert r.exit_code != 0
    assert "không đọc được" in r.output and not PYTHON_NAME.search(r.output), r.output


def test_ingest_failures_list_has_vietnamese_reasons(tmp_path, hostile):
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        report = store.ingest_paths(list(hostile.values()), jobs=1)
        assert len(report.failed) == 2
        for failure in store.failures():
            assert clean(failure.message), failure.message


def test_upload_job_failure_has_a_vietnamese_reason(tmp_path, hostile):
    from kehoach.web.app import create_app

    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    store.create_user("bientap", "mat-khau-123", role="editor")
    app = create_app(store=store, auth=True, secret_key="k" * 40)
    client = TestClient(app)
    token = client.post("/api/login", json={"username": "bientap", "password": "mat-khau-123"}).json()
    data = hostile["broken_xml"].read_bytes()
    r = client.post(
        "/api/upload",
        files=[("files", ("hong.docx", data, "application/octet-stream"))],
        headers={"X-CSRF-Token": token["csrf_token"]},
    )
    assert r.status_code == 202, r.text
    f = app.state.jobs.wait(r.json()["id"]).to_dict()["files"][0]
    assert f["status"] == "failed" and clean(f["message"]), f
    store.close()


def test_a_parser_bug_is_not_shown_raw(tmp_path):
    from kehoach.store.consume import consume

    def buggy(path: str):
        raise RuntimeError("list index out of range at /srv/kehoach/parse.py:42")

    failure = consume(str(tmp_path / "x.txt"), "sqlite", "h", None, parse=buggy)
    assert failure.code == "internal_error"
    assert clean(failure.message, "list index", "/srv"), failure.message


def test_a_store_write_fault_is_not_shown_raw(tmp_path, monkeypatch, sample_paths):
    from sqlalchemy.exc import IntegrityError

    from kehoach.store import writer

    def broken(self, prepared, run_id=None):
        raise IntegrityError("INSERT INTO documents (secret_column) VALUES (?)", {}, Exception("UNIQUE"))

    monkeypatch.setattr(writer.Writer, "write", broken)
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        report = store.ingest_paths([sample_paths["000"]], jobs=1)
    (failed,) = report.failed
    assert failed.code == "store_error"
    assert clean(failed.message, "INSERT", "secret_column", "UNIQUE"), failed.message


def test_an_unreadable_file_is_said_in_vietnamese(tmp_path, monkeypatch):
    path = tmp_path / "khoa.txt"
    path.write_text("KẾ HOẠCH", encoding="utf-8")
    real_open = Path.open

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    monkeypatch.setattr(Path, "read_bytes", lambda self: denied(self))
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        report = store.ingest_paths([path], jobs=1)
    (failed,) = report.failed
    assert failed.code == "unreadable"
    assert "không có quyền" in failed.message and clean(failed.message, "permission"), failed.message
    from kehoach.pipeline import process_file

    with pytest.raises(IngestError) as exc:
        process_file(path)
    assert clean(exc.value.message, "permission"), exc.value.message


def test_a_store_that_cannot_be_opened_is_said_in_vietnamese(tmp_path):
    not_a_db = tmp_path / "khong-phai.db"
    not_a_db.write_bytes(b"day khong phai co so du lieu " * 100)
    with pytest.raises(StoreError) as exc:
        open_store(f"sqlite:///{not_a_db}")
    assert "không phải cơ sở dữ liệu" in exc.value.message
    assert clean(exc.value.message, "file is not a database", "sqlite3"), exc.value.message
    with pytest.raises(StoreError) as exc:  # nothing listens on port 1; the password is never shown
        open_store("postgresql://canbo:mat-khau-bi-mat@127.0.0.1:1/kehoach")
    assert clean(exc.value.message, "mat-khau-bi-mat", "connection refused", "psycopg"), exc.value.message
    r = CliRunner().invoke(cli, ["cascade", "--db", "postgresql://canbo:mat-khau-bi-mat@127.0.0.1:1/kh"])
    assert "mat-khau-bi-mat" not in r.output and not PYTHON_NAME.search(r.output), r.output


def test_converter_output_is_not_shown(monkeypatch):
    from kehoach.ingest import convert

    english = "I'm afraid the text stream of this file is too small to handle."

    def failing(cmd, timeout, filename):
        return subprocess.CompletedProcess(cmd, 1, b"", english.encode())

    monkeypatch.setattr(convert, "_run", failing)
    monkeypatch.setattr(convert.shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(KehoachError) as exc:
        convert.antiword_text(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "cu.doc")
    assert clean(exc.value.message, english[:20]), exc.value.message
    monkeypatch.setattr(convert, "soffice_path", lambda: "/usr/bin/soffice")
    with pytest.raises(KehoachError) as exc:
        convert.libreoffice_to_docx(b"{\\rtf1 x}", "rtf", "a.rtf")
    assert clean(exc.value.message, english[:20]), exc.value.message
