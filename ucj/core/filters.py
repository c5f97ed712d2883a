from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions, within_q
from ucj.core.parsing import parse_month
from ucj.regions.models import Region


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


class RecordFilterSet(django_filters.FilterSet):
    """Filters shared by every dataset list: region (with everything below it), flags,
    synthetic. Subclasses add the period and dataset-specific filters."""

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.none(), method="filter_region", label=_("Region"),
        to_field_name="code", empty_label=_("all regions"),
    )
    flagged = django_filters.BooleanFilter(method="filter_flagged", label=_("With warnings"),
                                           widget=yes_no_widget())
    synthetic = django_filters.BooleanFilter(field_name="is_synthetic", label=_("Synthetic"),
                                             widget=yes_no_widget())

    def __init__(self, data=None, queryset=None, *, user=None, dataset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for name in ("flagged", "synthetic"):  # the period and dataset filters come first
            self.filters[name] = self.filters.pop(name)
        self.dataset = dataset
        self.filters["region"].queryset = readable_regions(user).filter(
            level__in=dataset.region_levels
        )

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(within_q(value.code, path=self.dataset.region_path))

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flags=[]) if value else queryset.filter(flags=[])
