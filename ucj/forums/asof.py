"""Forum follow-up as it stood on a past day (DESIGN §6 "As of the period"; docs/decisions.md).

A report of a period, or the brief of a past meeting, shows the forum as it was then:

* an action item counts from the date of the meeting that agreed it, a challenge from the date
  of the meeting that raised it (what was agreed later is left out);
* an action item's status and progress then are those set by the last update of its timeline
  recorded before the moment; before its first update, the status and progress that update
  started from; an item without updates is taken as it is now, except that one done after the
  day (``done_at``) was not done yet;
* a challenge's status then is read from the audit log: the old value of the first status
  change recorded after the moment; without one, its status now, except that one resolved
  after the day (``resolved_at``) was open then.

The functions below set ``status``, ``progress`` and ``done_at`` of the given instances to
those of the past moment (the present ones stay in ``status_now`` and ``progress_now``): the
instances are read-only views of the past and are never saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from ucj.audit.models import Action, AuditEvent
from ucj.forums.models import ActionItem, ActionStatus, ActionUpdate, Challenge, ChallengeStatus


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after the local day ``day`` (00.00 of the next day, ``TIME_ZONE``)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def first_day_from(moment: dt.datetime) -> dt.date:
    """The first local day that starts at or after ``moment``."""
    local = timezone.localtime(moment)
    return local.date() if local.time() == dt.time.min else local.date() + dt.timedelta(days=1)


def agreed_by_q(day: dt.date, path: str = "meeting__date") -> Q:
    """Agreed (or raised) in a meeting held on or before ``day``."""
    return Q(**{f"{path}__lte": day})


def unresolved_on_q(day: dt.date) -> Q:
    """A challenge that may have been unresolved on ``day``: not resolved now, or resolved
    after it (``challenges_as_of`` then reads its status that day)."""
    return ~Q(status=ChallengeStatus.RESOLVED) | Q(resolved_at__gt=day)


def actions_as_of(items: Iterable[ActionItem], until: dt.datetime | None) -> list[ActionItem]:
    """The items with the status and progress they had just before the moment ``until``
    (None: now, the items unchanged). One query for the timelines."""
    items = list(items)
    for item in items:
        item.status_now, item.progress_now = item.status, item.progress
    if until is None or not items:
        return items
    timelines: dict[int, list[tuple]] = {}
    for row in (ActionUpdate.objects.filter(action_id__in={i.pk for i in items})
                .order_by("action_id", "at", "id")
                .values_list("action_id", "at", "status_before", "status_after",
                             "progress_before", "progress_after")):
        timelines.setdefault(row[0], []).append(row)
    done_before = first_day_from(until)
    for item in items:
        timeline = timelines.get(item.pk, [])
        before = [row for row in timeline if row[1] < until]
        if before:
            _pk, _at, _sb, status, _pb, progress = before[-1]
        elif timeline:
            _pk, _at, status, _sa, progress, _pa = timeline[0]
            status, progress = status or ActionStatus.PLANNED, progress or 0
        elif item.status == ActionStatus.DONE and item.done_at and item.done_at >= done_before:
            status, progress = ActionStatus.PLANNED, 0  # done later, no progress recorded
        else:
            status, progress = item.status, item.progress
        item.status, item.progress = status, progress
        if status != ActionStatus.DONE:
            item.done_at = None
    return items


def challenges_as_of(challenges: Iterable[Challenge], day: dt.date | None) -> list[Challenge]:
    """The challenges with the status they had at the end of ``day`` (None: now), from the
    audit log of their changes (one query); the caller leaves out those resolved then."""
    challenges = list(challenges)
    for challenge in challenges:
        challenge.status_now = challenge.status
    if day is None or not challenges:
        return challenges
    then: dict[str, str] = {}
    for object_id, changes in (AuditEvent.objects.filter(
            object_type=Challenge._meta.label_lower, action=Action.UPDATE,
            object_id__in=[str(c.pk) for c in challenges], at__gte=day_end(day))
            .order_by("at", "id").values_list("object_id", "changes")):
        if object_id not in then and isinstance(changes, dict) and "status" in changes:
            then[object_id] = changes["status"][0]
    for challenge in challenges:
        status = then.get(str(challenge.pk))
        if status is None and challenge.status == ChallengeStatus.RESOLVED and (
                challenge.resolved_at and challenge.resolved_at > day):
            status = ChallengeStatus.OPEN
        if status in ChallengeStatus.values:
            challenge.status = status
        if challenge.status != ChallengeStatus.RESOLVED:
            challenge.resolved_at = None
    return challenges


def unresolved(challenges: Iterable[Challenge]) -> list[Challenge]:
    return [c for c in challenges if c.status != ChallengeStatus.RESOLVED]
