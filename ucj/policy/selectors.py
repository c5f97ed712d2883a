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
from ucj.regions.hierarchy import province_code
from ucj.regions.models import Region

STAMP_KEY = "ucj:policy:stamp"
GRACE_SECONDS = 60


@dataclass(frozen=True)
class _Loaded:
    stamp: str
    at: float
    values: dict[str | None, dict[str, Any]]  # by province code; None: the national defaults


_state = threading.local()


def _load() -> dict[str | None, dict[str, Any]]:
    """Every row of every province at once (a few hundred at most: keys × provinces), as each
    province reads them: its own values over the national defaults (issue 21)."""
    rows: dict[str | None, dict[str, Any]] = {None: {}}
    for code, key, value in PolicyValue.objects.values_list("province__code", "key", "value"):
        rows.setdefault(code, {})[key] = value
    defaults = {key: rows[None].get(key, spec.default) for key, spec in KEYS.items()}
    return {code: {**defaults, **own} for code, own in rows.items()} | {None: defaults}




MARK = "ucj_policy_written"  # on the connection: the outermost atomic block that wrote


def written_here() -> bool:
    """Whether this connection wrote a policy value in the transaction still open."""
    mark = getattr(connection, MARK, None)
    return (mark is not None and connection.in_atomic_block
            and bool(connection.atomic_blocks) and connection.atomic_blocks[0] is mark)


def forget() -> None:
    """Drop what this thread loaded (a write, its commit)."""
    _state.loaded = None


def policy_values(province: Region | str | None = None) -> dict[str, Any]:
    """Every policy value of ``province`` (a province, any region in it, or a province's code)
    by key: the province's own where its admin set one, else the national default (None: the
    defaults; a missing row reads as its key's default). No query in the steady state."""
    every = _every()
    code = province_code(province.code) if isinstance(province, Region) else province
    return every.get(code, every[None])


def _every() -> dict[str | None, dict[str, Any]]:
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


def policy_value(key: str, province: Region | str | None = None) -> Any:
    return policy_values(province)[key]


# --- what the consumers ask ---------------------------------------------------------------------

def working_age(province: Region | str | None = None) -> tuple[int, int]:
    """The working-age range of a worker list's validation (lowest, highest), in years."""
    values = policy_values(province)
    return int(values["working-age-min"]), int(values["working-age-max"])


def category_order(province: Region | str | None = None) -> list[str]:
    """The order categories are funded in after the DTSEN desil (first funded first)."""
    return list(policy_value("category-order", province))


def need_package_code(province: Region | str | None = None) -> str:
    """The code of the contribution package the budget need is priced with."""
    return str(policy_value("need-package", province))


def forum_due_soon_days(province: Region | str | None = None) -> int:
    """Forum action items due within this many days are 'due soon'."""
    return int(policy_value("forum-due-soon-days", province))


def province_invitees(province: Region | str | None = None) -> tuple[str, ...]:
    """Codes of the province's own agencies a new province meeting invites."""
    return tuple(policy_value("province-invitees", province))


def regency_invitees(province: Region | str | None = None) -> tuple[str, ...]:
    """Codes of every regency's agencies a new province meeting invites."""
    return tuple(policy_value("regency-invitees", province))


def home_due_soon_days(province: Region | str | None = None) -> int:
    """The home page lists figures and budget-cycle steps due within this many days."""
    return int(policy_value("home-due-soon-days", province))
