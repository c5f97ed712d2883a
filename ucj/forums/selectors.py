"""Reads of coordination forums, always through the scope helpers: meetings and what they
mapped and agreed, overdue and due-soon action items, a user's reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, TimeField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ucj.accounts.scope import updatable_actions_q, visible_forum
from ucj.forums.models import ActionItem, ActionStatus, Challenge, Meeting
from ucj.policy.selectors import forum_due_soon_days  # policy as data
from ucj.policy.tenancy import user_province_code  # the user's province's (issue 21)

NOT_DONE = ~Q(status=ActionStatus.DONE)


def meetings(user) -> QuerySet[Meeting]:
    return visible_forum(user, Meeting.objects.select_related("region").defer("region__geometry"))


def challenges(user) -> QuerySet[Challenge]:
    return visible_forum(user, Challenge.objects.select_related("region", "meeting")
                         .defer("region__geometry"), path="meeting__region")


def actions(user) -> QuerySet[ActionItem]:
    return visible_forum(user, ActionItem.objects.select_related(
        "meeting", "owner_region", "owner_agency", "challenge")
        .defer("owner_region__geometry"), path="meeting__region")


def overdue_q(today: dt.date) -> Q:
    """Not done and past its due date (an item due today is not overdue yet)."""
    return NOT_DONE & Q(due_date__lt=today)


def due_soon_q(today: dt.date, days: int | None = None, *, province: str | None = None) -> Q:
    """Not done and due from today up to ``days`` days ahead (default: the policy of
    ``province``, a province's code; issue 21)."""
    days = forum_due_soon_days(province) if days is None else days
    return NOT_DONE & Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))


def updatable_actions(user) -> QuerySet[ActionItem]:
    """Action items the user may update: their own items."""
    return actions(user).filter(updatable_actions_q(user))


@dataclass
class Reminders:
    today: dt.date
    days: int
    overdue: list[ActionItem]
    due_soon: list[ActionItem]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def reminders(user, *, today: dt.date | None = None, days: int | None = None) -> Reminders:
    """The user's own action items that are overdue, and those due in the next ``days`` days."""
    today = today or timezone.localdate()
    days = forum_due_soon_days(user_province_code(user)) if days is None else days
    own = updatable_actions(user)
    return Reminders(
        today=today, days=days,
        overdue=list(own.filter(overdue_q(today)).order_by("due_date", "id")),
        due_soon=list(own.filter(due_soon_q(today, days)).order_by("due_date", "id")))


def reminder_count(user, *, today: dt.date | None = None) -> int:
    """How many of the user's own items are overdue or due soon (one query)."""
    today = today or timezone.localdate()
    return updatable_actions(user).filter(
        overdue_q(today) | due_soon_q(today, province=user_province_code(user))).count()


# A meeting's start time, 00.00 when it has none (as ``Meeting.starts_at``): meetings of one
# day are in the order they start, then in the order they were recorded.
START_TIME = Coalesce("start_time", Value(dt.time.min, output_field=TimeField()))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same region and level that started before this one (the latest)."""
    start = meeting.start_time or dt.time.min
    return (Meeting.objects.filter(region=meeting.region, level=meeting.level)
            .exclude(pk=meeting.pk).annotate(start=START_TIME)
            .filter(Q(date__lt=meeting.date) | Q(date=meeting.date, start__lt=start)
                    | Q(date=meeting.date, start=start, pk__lt=meeting.pk))
            .order_by("-date", "-start", "-pk").first())


def next_meeting(meetings: QuerySet[Meeting], today: dt.date) -> Meeting | None:
    """The first meeting held today or later (a meeting today stays next all day)."""
    return (meetings.filter(date__gte=today).annotate(start=START_TIME)
            .order_by("date", "start", "pk").first())


def action_counts(queryset: QuerySet[ActionItem], today: dt.date) -> dict[str, int]:
    """Counts of action items per status, and overdue, in one query."""
    row = queryset.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q(today)),
        **{status: Count("pk", filter=Q(status=status)) for status in ActionStatus.values})
    return row
