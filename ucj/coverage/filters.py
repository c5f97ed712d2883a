import django_filters
from django.utils.translation import gettext_lazy as _

from ucj.core.filters import MonthFilter
from ucj.coverage.models import ParticipationSnapshot, Segment, WorkforceDenominator
from ucj.records.filters import RecordFilterSet


class DenominatorFilter(RecordFilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = WorkforceDenominator
        fields = []


class ParticipationFilter(RecordFilterSet):
    year = django_filters.NumberFilter(field_name="month__year", label=_("Year"))
    month = MonthFilter(field_name="month", label=_("Month (YYYY-MM)"))
    segment = django_filters.ChoiceFilter(choices=Segment.choices, label=_("Segment"),
                                     empty_label=_("all"))

    class Meta:
        model = ParticipationSnapshot
        fields = []
