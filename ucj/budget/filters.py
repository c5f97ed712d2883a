import django_filters
from django.utils.translation import gettext_lazy as _

from ucj.budget.models import Allocation, Commitment, Realization, Stage
from ucj.core.filters import MonthFilter
from ucj.core.models import FundingSource, Payer
from ucj.records.filters import RecordFilterSet


class CommitmentFilter(RecordFilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = Commitment
        fields = []


class AllocationFilter(RecordFilterSet):
    year = django_filters.NumberFilter(field_name="fiscal_year", label=_("Fiscal year"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Budget stage"), empty_label=_("all"))
    funding_source = django_filters.ChoiceFilter(choices=FundingSource.choices,
                                                 label=_("Funding source"), empty_label=_("all"))
    payer = django_filters.ChoiceFilter(choices=Payer.choices, label=_("Payer"),
                                        empty_label=_("all"))

    class Meta:
        model = Allocation
        fields = []


class RealizationFilter(RecordFilterSet):
    year = django_filters.NumberFilter(field_name="month__year", label=_("Year"))
    month = MonthFilter(field_name="month", label=_("Month (YYYY-MM)"))
    stage = django_filters.ChoiceFilter(field_name="allocation__stage", choices=Stage.choices,
                                        label=_("Budget stage"), empty_label=_("all"))
    funding_source = django_filters.ChoiceFilter(field_name="allocation__funding_source",
                                                 choices=FundingSource.choices,
                                                 label=_("Funding source"), empty_label=_("all"))
    payer = django_filters.ChoiceFilter(field_name="allocation__payer", choices=Payer.choices,
                                        label=_("Payer"), empty_label=_("all"))
    sp2d = django_filters.ChoiceFilter(  # evidence (issue 17): ?sp2d=with / ?sp2d=without
        choices=[("with", _("with SP2D")), ("without", _("without SP2D"))], method="filter_sp2d",
        label=_("SP2D"), empty_label=_("all"))
    allocation = django_filters.NumberFilter(field_name="allocation_id",
                                             widget=django_filters.widgets.forms.HiddenInput,
                                             label=_("Allocation"))

    class Meta:
        model = Realization
        fields = []

    def filter_sp2d(self, queryset, name, value):
        if value == "with":
            return queryset.exclude(sp2d_number="")
        if value == "without":
            return queryset.filter(sp2d_number="")
        return queryset
