"""Sign-in throttling that an attacker cannot turn against someone else (django-axes handler).

Three counters of failed sign-ins within the cool-off (``AXES_COOLOFF_TIME``), all keyed on the
client address of ``ucj.accounts.client`` (the real client behind a trusted proxy):

* **username + address**: ``AXES_FAILURE_LIMIT`` failures lock that username at that address
  for the cool-off. Someone guessing at one address stops there; the owner of the account,
  elsewhere, is not affected.
* **address**: ``UCJ_LOGIN_ADDRESS_LIMIT`` failures, whatever the usernames, lock the address
  (someone trying many accounts from one place). Higher than the first, because a whole office
  may share one address.
* **username** (failures at the other addresses): never a lockout, only a short growing wait
  before the next attempt (2, 4, 8 … seconds from the third failure, at most
  ``UCJ_LOGIN_BACKOFF_MAX_SECONDS``), so that guessing one password from many addresses stays
  slow while its owner waits at most that long. An address the user signed in from
  successfully in the last ``KNOWN_ADDRESS_DAYS`` days does not wait at all. A refused attempt
  is not counted: the password was not checked. (Failures at the request's own address are
  the first counter's business.)

A successful sign-in clears the failures of that username at that address only, so signing in
to one's own account does not wipe the count of an address that is guessing at others.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

KNOWN_ADDRESS_DAYS = 90
FREE_FAILURES = 2  # failures of a username (all addresses) before the wait starts


def backoff_delay(failures: int) -> int:
    """Seconds to wait after the last of ``failures`` failures of one username."""
    if failures <= FREE_FAILURES:
        return 0
    return min(settings.UCJ_LOGIN_BACKOFF_MAX_SECONDS, 2 ** (failures - FREE_FAILURES))


def _tally(attempts) -> tuple[int, dt.datetime | None]:
    found = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    return found["n"] or 0, found["last"]


class LockoutHandler(AxesDatabaseHandler):
    """``AXES_HANDLER``: the database handler with the three counters above.

    It leaves on the request what the views need: ``ucj_refused`` ("lockout" or "backoff")
    when an attempt was refused before its password was checked, ``ucj_wait_seconds`` for a
    username's wait, and ``ucj_lockout`` ({"reason": "pair" or "address", "until": time})."""

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request),
                                              ip_address=request.axes_ip_address)
        pair, pair_last = _tally(recent.filter(username=username))
        address, address_last = _tally(recent)
        limit = get_failure_limit(request, credentials)
        cool_off = get_cool_off(request)
        if address >= settings.UCJ_LOGIN_ADDRESS_LIMIT:
            request.ucj_lockout = {"reason": "address", "until": address_last + cool_off}
            return max(pair, limit)
        if pair >= limit:
            request.ucj_lockout = {"reason": "pair", "until": pair_last + cool_off}
        return pair

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            request.ucj_refused = "lockout"
            return True
        wait = self.backoff_seconds(request, credentials)
        if wait:
            request.ucj_refused, request.ucj_wait_seconds = "backoff", wait
            return True
        return False

    def backoff_seconds(self, request, credentials=None) -> int:
        """How long this username must still wait at this address (0: not at all)."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        failures, last = _tally(AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        ).exclude(ip_address=request.axes_ip_address))
        delay = backoff_delay(failures)
        if not delay or last is None:
            return 0
        remaining = (last + dt.timedelta(seconds=delay) - timezone.now()).total_seconds()
        if remaining <= 0 or self.is_known_address(username, request.axes_ip_address):
            return 0
        return math.ceil(remaining)

    @staticmethod
    def is_known_address(username: str, address: str | None) -> bool:
        """Whether the user signed in successfully from this address lately."""
        since = timezone.now() - dt.timedelta(days=KNOWN_ADDRESS_DAYS)
        return AccessLog.objects.filter(username=username, ip_address=address,
                                        attempt_time__gte=since).exists()

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and getattr(request, "ucj_refused", None) == "backoff":
            # Not a lockout and not a failure: the form says how long to wait.
            request.axes_locked_out = False
            return
        super().user_login_failed(sender, credentials, request, **kwargs)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in: forget that username's failures at that address only."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address).delete()
        return count
