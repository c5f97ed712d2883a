"""Filters of the meeting and challenge lists (in the URL, Indonesian parameter names). Their
choices come from what the user may read, so no option names another region's forum."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.forums import selectors
from ucj.forums.models import (
    Challenge,
    ChallengeCategory,
    ChallengeStatus,
    Meeting,
    MeetingLevel,
)
from ucj.regions.models import Region


class _RegionChoiceFilter(django_filters.ModelChoiceFilter):
    """A region by its code, exactly (a province meeting is the province's, not its
    regencies')."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Region.objects.none(), to_field_name="code",
                         label=_("Region"), empty_label=_("all regions"), **kwargs)


class MeetingFilter(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(field_name="date", lookup_expr="year", label=_("Year"),
                                        widget=forms.NumberInput(attrs={"min": 2000,
                                                                        "max": 2100}))
    tingkat = django_filters.ChoiceFilter(field_name="level", choices=MeetingLevel.choices,
                                          label=_("Level"), empty_label=_("all"))
    wilayah = _RegionChoiceFilter(field_name="region")
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  label=_("Title contains"))

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["wilayah"].queryset = (
            Region.objects.filter(meetings__in=selectors.meetings(user).values("pk"))
            .distinct().defer("geometry").order_by("code"))


class ChallengeFilter(django_filters.FilterSet):
    wilayah = _RegionChoiceFilter(field_name="region")
    kategori = django_filters.ChoiceFilter(field_name="category",
                                           choices=ChallengeCategory.choices,
                                           label=_("Category"), empty_label=_("all"))
    status = django_filters.ChoiceFilter(field_name="status", choices=ChallengeStatus.choices,
                                         label=_("Status"), empty_label=_("all"))
    rapat = django_filters.ModelChoiceFilter(field_name="meeting", queryset=Meeting.objects.none(),
                                             label=_("Raised in"), empty_label=_("all meetings"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  label=_("Title contains"))

    class Meta:
        model = Challenge
        fields = []

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["wilayah"].queryset = (
            Region.objects.filter(forum_challenges__in=selectors.challenges(user).values("pk"))
            .distinct().defer("geometry").order_by("code"))
        self.filters["rapat"].queryset = selectors.meetings(user)
