"""Changing the status thresholds (``Cap.MANAGE_THRESHOLDS``: the province admin), audited."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.indicators.models import StatusThreshold


@transaction.atomic
def threshold_update(*, actor, threshold: StatusThreshold, value: Decimal) -> StatusThreshold:
    require(actor, Cap.MANAGE_THRESHOLDS)
    if threshold.is_month:
        if value != value.to_integral_value() or not 1 <= value <= 12:
            raise ValidationError({"value": _("A due month is a whole number from 1 to 12.")})
    elif not Decimal(0) <= value <= Decimal(2):
        raise ValidationError({"value": _("A threshold is a fraction between 0 and 2 (e.g. "
                                          "0,5 for half).")})
    threshold = StatusThreshold.objects.select_for_update().get(pk=threshold.pk)
    before = threshold.value
    if before == value:
        return threshold
    threshold.value, threshold.updated_by = value, actor
    threshold.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=threshold,
              changes={"value": [str(before), str(value)]})
    return threshold
