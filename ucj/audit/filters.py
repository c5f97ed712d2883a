import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions
from ucj.audit.models import Action, AuditEvent
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="icontains",
                                      label=_("Actor"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"),
                                         empty_label=_("all"))
    object_type = django_filters.ChoiceFilter(label=_("Object type"), empty_label=_("all"), choices=[
        ("coverage.workforcedenominator", _("workforce denominator")),
        ("coverage.participationsnapshot", _("participation snapshot")),
        ("budget.commitment", _("commitment")),
        ("budget.allocation", _("budget allocation")),
        ("budget.realization", _("realization")),
        ("accounts.user", _("user")),
        ("regions.region", _("region")),
    ])
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.none(), to_field_name="code",
                                              method="filter_region", label=_("Region"),
                                              empty_label=_("all regions"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Until"),
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["region"].queryset = readable_regions(user).filter(
            level__in=[Level.PROVINCE, Level.REGENCY])

    def filter_region(self, queryset, name, value):
        return queryset.filter(within_q(value.code)) if value else queryset
