"""Daily seals of the audit log: a hash chain an inspector can check.

Each complete day (midnight to midnight in ``TIME_ZONE``) gets one ``AuditSeal``:

    digest(day) = SHA-256( "ucj-audit-seal-1" \\n day \\n digest(day before) \\n
                           event₁ \\n event₂ \\n … )

where the events are every event whose time falls in that day, in id order, each written in a
canonical form: a JSON object of all its stored fields (database column names, sorted, no
spaces, times in UTC with microseconds, fields that are null left out, so that a field added
later does not change old digests). The first day chains to 64 zeros. Days without events are
sealed too, so the chain has no gaps.

``seal_complete_days`` (``manage.py audit_seal``, and the worker's housekeeping) seals each
day not yet sealed, up to yesterday, once the day has been over for ``GRACE`` (a transaction
that started before midnight may still be writing events of that day). ``verify``
(``manage.py audit_verify``) recomputes every sealed day from the events: an event changed,
removed, or added to a sealed day (even with an old time) changes that day's digest and, as
each digest covers the one before, every later one.

A sealed digest written down elsewhere (the audit page shows the last one to the province
admin) proves more than the database can on its own: whoever can rewrite the events can also
rewrite the seals, but not the inspector's notebook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from ucj.audit.models import AuditEvent, AuditSeal

VERSION = "ucj-audit-seal-1"
GENESIS = "0" * 64
GRACE = dt.timedelta(hours=1)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the day and of the next, in TIME_ZONE."""
    zone = _zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def _columns() -> list[str]:
    return sorted(f.attname for f in AuditEvent._meta.concrete_fields)


def canonical(row: dict) -> str:
    """One event as sealed: its stored fields, null ones left out, in one fixed form."""
    data = {}
    for name, value in row.items():
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        data[name] = value
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Day:
    day: dt.date
    digest: str
    count: int = 0
    first_event_id: int | None = None
    last_event_id: int | None = None


def compute_day(day: dt.date, previous: str) -> Day:
    """The digest of one day's events as they are in the database now."""
    start, end = day_bounds(day)
    sha = hashlib.sha256(f"{VERSION}\n{day.isoformat()}\n{previous}\n".encode())
    result = Day(day=day, digest="")
    rows = (AuditEvent.objects.filter(at__gte=start, at__lt=end).order_by("id")
            .values(*_columns()).iterator(chunk_size=2000))
    for row in rows:
        sha.update(canonical(row).encode())
        sha.update(b"\n")
        result.count += 1
        result.first_event_id = result.first_event_id or row["id"]
        result.last_event_id = row["id"]
    result.digest = sha.hexdigest()
    return result


def last_sealable_day(now: dt.datetime | None = None) -> dt.date:
    """The last day that is over (for at least GRACE) at ``now``."""
    now = now or timezone.now()
    return (now - GRACE).astimezone(_zone()).date() - dt.timedelta(days=1)


def first_day() -> dt.date | None:
    """The day (in TIME_ZONE) of the first audit event, None without events."""
    first = AuditEvent.objects.aggregate(first=Min("at"))["first"]
    return first.astimezone(_zone()).date() if first else None


def seal_days(now: dt.datetime | None = None) -> list[AuditSeal]:
    """Seal every complete day not sealed yet, in order; idempotent."""
    until = last_sealable_day(now)
    last = AuditSeal.objects.order_by("-day").first()
    day = last.day + dt.timedelta(days=1) if last else first_day()
    previous = last.digest if last else GENESIS
    sealed = []
    while day is not None and day <= until:
        computed = compute_day(day, previous)
        try:
            with transaction.atomic():
                seal = AuditSeal.objects.create(
                    day=day, first_event_id=computed.first_event_id,
                    last_event_id=computed.last_event_id, count=computed.count,
                    digest=computed.digest, previous_digest=previous)
        except IntegrityError:  # another run sealed this day meanwhile
            break
        sealed.append(seal)
        previous, day = seal.digest, day + dt.timedelta(days=1)
    return sealed


def seal_complete_days() -> int:
    """The housekeeping job: seal what is complete, return how many days were sealed."""
    return len(seal_days())


@dataclass
class Mismatch:
    day: dt.date
    what: str  # "digest", "chain", "gap", "before"
    sealed: AuditSeal | None = None
    now: Day | None = None


@dataclass
class Verification:
    days: int = 0
    first: AuditSeal | None = None
    last: AuditSeal | None = None
    digests: dict[dt.date, str] = field(default_factory=dict)  # recomputed
    mismatches: list[Mismatch] = field(default_factory=list)
    unsealed_events: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches


def verify() -> Verification:
    """Recompute every sealed day from the events and compare (see the module's text)."""
    result = Verification()
    seals = list(AuditSeal.objects.order_by("day"))
    if not seals:
        result.unsealed_events = AuditEvent.objects.count()
        return result
    result.first, result.last, result.days = seals[0], seals[-1], len(seals)
    start, _ = day_bounds(seals[0].day)
    if AuditEvent.objects.filter(at__lt=start).exists():
        result.mismatches.append(Mismatch(day=seals[0].day - dt.timedelta(days=1),
                                          what="before"))
    previous_stored = previous_computed = GENESIS
    expected_day = seals[0].day
    for seal in seals:
        if seal.day != expected_day:
            result.mismatches.append(Mismatch(day=expected_day, what="gap", sealed=seal))
        if seal.previous_digest != previous_stored:
            result.mismatches.append(Mismatch(day=seal.day, what="chain", sealed=seal))
        computed = compute_day(seal.day, previous_computed)
        result.digests[seal.day] = computed.digest
        if computed.digest != seal.digest:
            result.mismatches.append(Mismatch(day=seal.day, what="digest", sealed=seal,
                                              now=computed))
        previous_stored, previous_computed = seal.digest, computed.digest
        expected_day = seal.day + dt.timedelta(days=1)
    _, end = day_bounds(seals[-1].day)
    result.unsealed_events = AuditEvent.objects.filter(at__gte=end).count()
    return result
