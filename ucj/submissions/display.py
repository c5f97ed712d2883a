"""How approval states and periods are shown: badges, "not approved" labels, period names."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.html import format_html
from django.utils.translation import gettext as _

from ucj.core.datasets import Dataset
from ucj.core.formatting import format_month
from ucj.submissions.models import State

BADGE_CLASS = {
    State.DRAFT: "badge-muted",
    State.SUBMITTED: "badge-info",
    State.APPROVED: "badge-green",
    State.RETURNED: "badge-warn",
}

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def state_label(state: str) -> str:
    """The state's own name: "draft", "submitted", …"""
    try:
        return str(State(state).label)
    except ValueError:
        return state


def approval_label(state: str) -> str:
    """What a figure carries wherever it is shown: "approved", or "not approved · draft"."""
    if state == State.APPROVED:
        return _("approved")
    return _("not approved · %(state)s") % {"state": state_label(state)}


def approval_badge(state: str, *, long: bool = True) -> str:
    """An HTML badge; ``long`` says "not approved · draft", otherwise only "draft"."""
    text = approval_label(state) if long else state_label(state)
    return format_html('<span class="badge {} badge-state" data-state="{}">{}</span>',
                       BADGE_CLASS.get(state, "badge-muted"), state, text)


def is_valid_period(ds: Dataset, period: str) -> bool:
    """"2025-06" for a monthly dataset, "2025" for a yearly one."""
    return bool((_MONTH if ds.is_monthly else _YEAR).match(period or ""))


def period_display(period: str) -> str:
    """"Juni 2025" for "2025-06"; a year stays as it is."""
    match = _MONTH.match(period or "")
    if match:
        return format_month(dt.date(int(match[1]), int(match[2]), 1))
    return period or "–"
