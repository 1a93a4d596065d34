"""Failed sign-ins, counted in the store so that every web worker process sees the same counts.

The limits (how many, how long) are the web app's (`kehoach.web.auth.SignInLimiter`); here is
only what is stored, through `Store.record_signin_failure`, `signin_failures`, `clear_signin_failures`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select, text

from kehoach.store.schema import SignInFailureRow as S

if TYPE_CHECKING:
    from kehoach.store.database import Database


SIGNIN_LOCK = 0x6B656831  # PostgreSQL advisory lock taken while one attempt is counted


def admit_signin_attempt(
    store: Database, keys: Iterable[str], at: float, *, since: float, limits: dict[str, int]
) -> tuple[bool, dict[str, tuple[int, float]]]:
    """Atomically: count the failures since `since` under `keys`; when none of `limits` (key → most
    failures allowed) is reached, record this attempt (at `at`) under every key as a failure, until
    `forget_signin_attempt` or `clear_signin_failures` drops it. Returns (admitted, counts before).

    One attempt at a time is counted: SQLite's write transaction is exclusive (BEGIN IMMEDIATE), and
    on PostgreSQL a transaction-scoped advisory lock serializes them; so racing attempts never let
    more than the limit through (counting, then recording in another statement, let 8 in for 5)."""
    keys = list(keys)
    with store.transaction() as conn:
        if store.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": SIGNIN_LOCK})
        rows = conn.execute(
            select(S.key, func.count(), func.min(S.at)).where(S.key.in_(keys), S.at >= since).group_by(S.key)
        ).all()
        counts = {k: (n, float(oldest)) for k, n, oldest in rows}
        if any(counts.get(k, (0, at))[0] >= limit for k, limit in limits.items()):
            return False, counts
        conn.execute(delete(S).where(S.at < since))
        conn.execute(insert(S), [{"key": k, "at": at} for k in keys])
    return True, counts


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
