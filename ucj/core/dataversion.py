"""A version of the data that every write changes, to cache what is computed from it.

The dashboard, the region pages and the planner compute per-province inputs from a dozen
tables on every request; those only change when someone writes. ``cached(name, parts,
compute)`` keeps a computed value in Django's cache under a key that holds the data version,
so that a write makes every such value stale at once (no invalidation to forget per page):

* **a version token in the cache**, replaced at every write of any model (``post_save``,
  ``post_delete``, ``m2m_changed``) except the bookkeeping that does not change figures
  (sessions, sign-in attempts, task rows, worker heartbeats, read events of the audit log,
  results files, API tokens' last use): the writer's own next read is fresh at once;
* **the newest audit event of a write**: the services audit every write in the same
  transaction (including the bulk ones that send no signals: imports, funding, the BPJS
  files), so the version changes again when that transaction commits — what another request
  cached from the old data between the write and the commit is not read again — and the
  database is shared by every web server and worker, whatever cache each one has.

A write that is neither audited nor outside a transaction (a management command's bulk
load) is seen at its signal; values live at most ``TIMEOUT`` seconds in any case.

A value is also keyed by the local date where it depends on "today" (the caller says so in
``parts``).

A request that only reads (GET, HEAD) asks the database for the version once, however many
values it reads: ``OneVersionPerRead`` (a middleware) keeps it for the rest of that request,
and a write during it, seen at its signal, forgets it."""

from __future__ import annotations

import hashlib
import uuid
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "ucj:data-version"
TIMEOUT = 600  # a cached value lives at most this long even with no write
# models whose writes do not change any figure
IGNORED = {"sessions.session", "axes.accessattempt", "axes.accesslog",
           "axes.accessfailurelog", "django_tasks_db.dbtaskresult", "core.workerheartbeat",
           "registry.resultexport", "api.apitoken", "admin.logentry", "auth.permission",
           "contenttypes.contenttype"}
READS = {"view", "export", "download", "login", "logout", "login_failed"}  # audit actions of no write


# the version a reading request asked for, kept until it ends (None: not in such a request)
_kept: ContextVar[dict | None] = ContextVar("ucj_data_version", default=None)


def bump() -> str:
    kept = _kept.get()
    if kept:
        kept.clear()
    version = uuid.uuid4().hex
    cache.set(KEY, version, None)
    return version


def _token() -> str:
    return cache.get(KEY) or bump()


def _last_write() -> int:
    # through Django's app registry: the audit log is a domain app above core
    events = apps.get_model("audit", "AuditEvent")
    return (events.objects.exclude(action__in=READS).aggregate(m=Max("id"))["m"] or 0)


def current() -> str:
    """The data version now: changes with every committed write."""
    kept = _kept.get()
    if kept is not None and "version" in kept:
        return kept["version"]
    version = f"{_token()}.{_last_write()}"
    if kept is not None:
        kept["version"] = version
    return version


class OneVersionPerRead:
    """Middleware: a GET or HEAD asks for the data version once, however many cached values
    it reads (the version cannot change under a request that writes nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _kept.set({})
        try:
            return self.get_response(request)
        finally:
            _kept.reset(token)


def cached(name: str, parts: tuple, compute, timeout: int = TIMEOUT):
    """``compute()``, or its value cached for this ``name``, ``parts`` and data version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"ucj:{name}:{current()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _changed(sender, instance=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in IGNORED:
        return
    if label == "audit.auditevent" and getattr(instance, "action", "") in READS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: once, after
        return
    bump()  # (the commit of an audited write changes the version again: _last_write)


def connect() -> None:
    """Called once from the core app's ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"ucj-data-version-{id(signal)}")
