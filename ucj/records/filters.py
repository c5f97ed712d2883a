"""The filters every dataset list shares (region within the user's scope, flags, synthetic)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions
from ucj.core.filters import yes_no_widget
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Region


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
