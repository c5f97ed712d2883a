"""Filters of any list: a month, yes/no. The filters every dataset list shares (region, flags,
synthetic) need the scoping helper: ``ucj.records.filters``."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ucj.core.parsing import parse_month


class MonthFilter(django_filters.CharFilter):
    """?month=2025-06 selects records of that month."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            month = parse_month(value)
        except ValueError as exc:
            raise ValidationError(_("Enter a month as YYYY-MM, e.g. 2025-06.")) from exc
        return qs.filter(**{self.field_name: month})


def yes_no_widget():
    return forms.Select(choices=[("", _("all")), ("true", _("yes")), ("false", _("no"))])
