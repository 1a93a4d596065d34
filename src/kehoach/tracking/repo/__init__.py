"""Tracking data in the store: duties, audited activities, overrides, roll-up links, progress.

`Tracker(store)` (`tracker.py`) works on an open `kehoach.store.Store` (its engine and
transactions); every change to an activity, a duty, an override or a person's roll-up link writes
a `tracking_audit` row (who, when, before, after). The modules here hold the rules, one concern
each; `Tracker` is the one object the CLI, the web app and the report use.
"""

from kehoach.tracking.repo.tracker import Tracker

__all__ = ["Tracker"]
