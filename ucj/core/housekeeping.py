"""Housekeeping: small jobs that keep the installation tidy, run periodically.

``JOBS`` lists them as dotted paths of functions that take no argument and return a count
(of files removed, rows sealed, …). The worker (``manage.py worker``) runs them all every
``UCJ_HOUSEKEEPING_SECONDS`` (one hour by default) and once when it starts;
``manage.py housekeeping`` runs them once, e.g. from cron where no worker runs.

An app adds its jobs from its ``AppConfig.ready()`` with ``register("ucj.app.module.job")``
(registration only: core names no domain app). A job must be safe to run at any
moment and again (idempotent), short (it runs between background tasks), and must not log
personal data; it writes its own audit events if it changes records. A job that fails is
logged and reported; the others still run.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

JOBS: list[str] = []  # filled by the apps' ready() through register()


def register(path: str) -> None:
    """Add a job (the dotted path of a function without arguments returning a count), once."""
    if path not in JOBS:
        JOBS.append(path)


@dataclass
class Outcome:
    job: str
    count: int | None  # None: the job failed
    seconds: float
    error: str = ""


def run_all(jobs: list[str] | None = None) -> list[Outcome]:
    """Run every job once, each on its own; a failure is logged and the next job runs."""
    outcomes = []
    for path in JOBS if jobs is None else jobs:
        started = time.perf_counter()
        try:
            count = int(import_string(path)() or 0)
        except Exception as exc:  # one job's failure must not stop the others
            # its type and message, any long number (a NIK) blanked out, no traceback
            error = re.sub(r"\d{10,}", "[…]", f"{type(exc).__name__}: {exc}")[:300]
            logger.error("housekeeping: %s failed: %s", path, error)
            outcomes.append(Outcome(path, None, time.perf_counter() - started, error))
            continue
        outcomes.append(Outcome(path, count, time.perf_counter() - started))
    return outcomes
