"""The web app: FastAPI + Jinja2 pages in Vietnamese, each with a JSON twin under `/api/…`.

`create_app(db=…)` in `app.py`; one module per page in `routes/`; the store, citations,
alignment and graph are reached only through `backend.Backend`.
"""

from kehoach.web.app import create_app

__all__ = ["create_app"]
