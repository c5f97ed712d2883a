"""Changing the status thresholds (``Cap.MANAGE_THRESHOLDS``: the province admin), audited.

A province admin changes their own province's thresholds (issue 21): changing a national
default writes the province's own row, which overrides the default there alone
(``ucj.policy.tenancy``); the defaults are the system's (``actor`` None)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.indicators.models import StatusThreshold
from ucj.policy.tenancy import check_row, write_province
from ucj.regions.models import Region


@transaction.atomic
def threshold_update(*, actor, threshold: StatusThreshold, value: Decimal,
                     province: Region | None = None) -> StatusThreshold:
    """Set the value of ``threshold``'s key for the actor's province (a user; or ``province``
    within their scope), or, for the system, for ``province`` (None: the national default)."""
    province = write_province(actor, Cap.MANAGE_THRESHOLDS, province)
    check_row(threshold, province)
    if threshold.is_month:
        if value != value.to_integral_value() or not 1 <= value <= 12:
            raise ValidationError({"value": _("A due month is a whole number from 1 to 12.")})
    elif not Decimal(0) <= value <= Decimal(2):
        raise ValidationError({"value": _("A threshold is a fraction between 0 and 2 (e.g. "
                                          "0,5 for half).")})
    own = StatusThreshold.objects.select_for_update().filter(
        key=threshold.key, province=province).first()
    before = (threshold if own is None else own).value
    if before == value:  # unchanged: nothing written
        return threshold if own is None else own
    if own is None:  # the province's own row, from the default it inherited
        own = StatusThreshold(key=threshold.key, province=province, label=threshold.label,
                              description=threshold.description)
    own.value, own.updated_by = value, actor
    own.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=own, region=province,
              changes={"value": [str(before), str(value)]})
    return own
