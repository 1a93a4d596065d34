"""Failed sign-ins, counted in the store so that every web worker process sees the same counts.

The limits (how many, how long) are the web app's (`kehoach.web.auth.SignInLimiter`); here is
only what is stored, through `Store.record_signin_failure`, `signin_failures`, `clear_signin_failures`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from kehoach.store.schema import SignInFailureRow as S

if TYPE_CHECKING:
    from kehoach.store.database import Database


def record_signin_failure(store: Database, keys: Iterable[str], at: float, *, forget_before: float) -> None:
    """Count one failed sign-in under each key (dropping those older than `forget_before`)."""
    with store.transaction() as conn:
        conn.execute(delete(S).where(S.at < forget_before))
        conn.execute(insert(S), [{"key": k, "at": at} for k in keys])


def signin_failures(store: Database, keys: Iterable[str], since: float) -> dict[str, tuple[int, float]]:
    """Per key: failed sign-ins since `since`, and the time of the oldest."""
    keys = list(keys)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(S.key, func.count(), func.min(S.at)).where(S.key.in_(keys), S.at >= since).group_by(S.key)
        ).all()
    return {k: (n, float(oldest)) for k, n, oldest in rows}


def forget_signin_attempt(store: Database, keys: Iterable[str], at: float) -> None:
    """Drop the records of one attempt (made at `at`) under `keys`."""
    with store.transaction() as conn:
        conn.execute(delete(S).where(S.key.in_(list(keys)), S.at == at))


def clear_signin_failures(store: Database, key: str) -> None:
    """Forget the failed sign-ins counted under `key`."""
    with store.transaction() as conn:
        conn.execute(delete(S).where(S.key == key))
