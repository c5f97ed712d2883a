"""Reading the province's policy values: one query loads them all, kept in the process.

The menu's forum count reads a value on every page, so a read must cost no query in the steady
state. Each process keeps the values it loaded with the *stamp* they were loaded under; the
stamp lives in the shared cache (the file cache every gunicorn worker and task worker sees) and
a write sets a new one when it commits (``services.policy_set``), so every process loads the
values again on its next read. Without a stamp in the cache (cleared, culled, a cold start) a
process trusts what it loaded for ``GRACE_SECONDS`` at most, then loads again and puts a stamp
back. A transaction that wrote a value reads through to the database until it ends, and never
keeps what it read: were it rolled back, no process would hold its values.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection

from ucj.policy.keys import KEYS
from ucj.policy.models import PolicyValue

STAMP_KEY = "ucj:policy:stamp"
GRACE_SECONDS = 60


@dataclass(frozen=True)
class _Loaded:
    stamp: str
    at: float
    values: dict[str, Any]


_state = threading.local()


def _load() -> dict[str, Any]:
    rows = dict(PolicyValue.objects.values_list("key", "value"))
    return {key: rows.get(key, spec.default) for key, spec in KEYS.items()}


MARK = "ucj_policy_written"  # on the connection: the outermost atomic block that wrote


def written_here() -> bool:
    """Whether this connection wrote a policy value in the transaction still open."""
    mark = getattr(connection, MARK, None)
    return (mark is not None and connection.in_atomic_block
            and bool(connection.atomic_blocks) and connection.atomic_blocks[0] is mark)


def forget() -> None:
    """Drop what this thread loaded (a write, its commit)."""
    _state.loaded = None


def policy_values() -> dict[str, Any]:
    """Every policy value by key (a missing row reads as its key's default)."""
    if written_here():
        return _load()
    stamp = cache.get(STAMP_KEY)
    loaded: _Loaded | None = getattr(_state, "loaded", None)
    if loaded is not None and (loaded.stamp == stamp if stamp is not None
                               else time.monotonic() - loaded.at < GRACE_SECONDS):
        return loaded.values
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(STAMP_KEY) or ""
    values = _load()  # after taking the stamp: a write committed meanwhile sets a new one
    _state.loaded = _Loaded(stamp=stamp, at=time.monotonic(), values=values)
    return values


def policy_value(key: str) -> Any:
    return policy_values()[key]


# --- what the consumers ask ---------------------------------------------------------------------

def working_age() -> tuple[int, int]:
    """The working-age range of a worker list's validation (lowest, highest), in years."""
    values = policy_values()
    return int(values["working-age-min"]), int(values["working-age-max"])


def category_order() -> list[str]:
    """The order categories are funded in after the DTSEN desil (first funded first)."""
    return list(policy_value("category-order"))


def need_package_code() -> str:
    """The code of the contribution package the budget need is priced with."""
    return str(policy_value("need-package"))


def forum_due_soon_days() -> int:
    """Forum action items due within this many days are 'due soon'."""
    return int(policy_value("forum-due-soon-days"))


def province_invitees() -> tuple[str, ...]:
    """Codes of the province's own agencies a new province meeting invites."""
    return tuple(policy_value("province-invitees"))


def regency_invitees() -> tuple[str, ...]:
    """Codes of every regency's agencies a new province meeting invites."""
    return tuple(policy_value("regency-invitees"))


def home_due_soon_days() -> int:
    """The home page lists figures and budget-cycle steps due within this many days."""
    return int(policy_value("home-due-soon-days"))
