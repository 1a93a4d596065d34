"""schemathesis over /openapi.json (issue 10): a fixed number of generated requests per operation,
signed in as an admin, on a store holding sample plans; no response may be a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings

from kehoach.store import open_store
from kehoach.web.app import create_app

PASSWORD = "mat-khau-123"
EXAMPLES = 40  # per operation


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_paths):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('st') / 'st.db'}")
    store.ingest_paths([sample_paths[k] for k in ("000", "001", "002")], jobs=1)
    store.create_user("admin", PASSWORD, role="admin")
    app = create_app(store=store, auth=True, secret_key="schemathesis-" + "k" * 32)
    login = TestClient(app).post("/api/login", json={"username": "admin", "password": PASSWORD})
    assert login.status_code == 200
    yield app, dict(login.cookies), login.json()["csrf_token"]
    store.close()


def test_no_server_error(served):
    app, cookies, token = served
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    errors: list[str] = []
    tried = 0
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/logout":
            continue  # would end the shared session for the operations after it

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            nonlocal tried
            tried += 1
            response = case.call(cookies=cookies, headers={"X-CSRF-Token": token})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                errors.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")

        run()
    print(f"schemathesis: {tried} requests, statuses {sorted(statuses.items())}")
    assert tried >= EXAMPLES * 5
    assert statuses.get(200, 0) >= EXAMPLES  # the requests reached the pages (not all refused early)
    assert errors == [], errors[:20]
