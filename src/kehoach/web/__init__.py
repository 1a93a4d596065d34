"""The web app: FastAPI + Jinja2 pages in Vietnamese, each with a JSON twin under `/api/…`.

`create_app(db=…)` in `app.py`; one module per page in `routes/`. Pages call the library
(`pages.store_of`: the `Store`); what needs a cache (resolved citations, counts, the graph, page
bodies) goes through `backend.Backend`.
"""

from kehoach.web.app import create_app

__all__ = ["create_app"]
