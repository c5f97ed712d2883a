"""Forms of the meeting and challenge pages. They only parse input: the services
(``ucj.forums.services``) validate and write, and their errors come back onto the fields
(``ucj.core.forms.attach_errors``)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions
from ucj.core.forms import CHOOSE_LABEL, ServiceForm
from ucj.core.validators import ATTACHMENT_TYPES
from ucj.forums.models import Attendance, Challenge, Meeting
from ucj.forums.services import MEETING_FIELDS
from ucj.indicators.selectors import LABELS
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
FORUM_LEVELS = (Level.PROVINCE, Level.REGENCY)


def meeting_regions(meeting: Meeting):
    """The meeting's region and the regencies/cities below it (for challenges, attendees)."""
    return (Region.objects.filter(within_q(meeting.region.code, path=""),
                                  level__in=FORUM_LEVELS)
            .defer("geometry").order_by("code"))


class MeetingForm(ServiceForm):
    online_url = forms.URLField(
        label=capfirst(Meeting._meta.get_field("online_url").verbose_name), required=False,
        assume_scheme="https", max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}))

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "date": DATE_WIDGET, "start_time": TIME_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "level": _("A province coordination meeting belongs to the province; a "
                       "regency/city meeting to its regency/city."),
            "place": _("Where it is held; leave empty for an online-only meeting."),
            "start_time": _("The brief counts progress recorded up to the start; without a "
                            "time, up to 00.00 of the meeting's day."),
            "agenda": _("Markdown: one item per line with “-” or “1.”."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = (readable_regions(user).filter(level__in=FORUM_LEVELS)
                                          .order_by("code"))


class AttendeeForm(forms.Form):
    """One row of the attendee list. Region and agency choices are made once by the view
    (``regions``/``agencies``: code → object) and shared by every row."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices,
                                   initial=Attendance.INVITED)

    def __init__(self, *args, regions: dict, agencies: dict, region_choices, agency_choices,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.regions, self.agencies = regions, agencies
        self.fields["region"].choices = region_choices
        self.fields["agency"].choices = agency_choices

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        filled = any(data.get(k) for k in ("region", "agency", "name", "position"))
        if filled:
            for key in ("region", "agency"):
                if not data.get(key):
                    self.add_error(key, forms.Field.default_error_messages["required"])
        return data

    def service_row(self) -> dict | None:
        """The row for ``services.attendees_set``, or None for an empty or deleted row."""
        data = self.cleaned_data
        if data.get("DELETE") or not data.get("region"):
            return None
        return {"region": self.regions[data["region"]], "agency": self.agencies[data["agency"]],
                "name": data["name"], "position": data["position"],
                "attendance": data["attendance"]}


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=3, can_delete=True,
                                        max_num=500, validate_max=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), widget=forms.FileInput(
            attrs={"accept": ",".join(sorted({*ATTACHMENT_TYPES, *ATTACHMENT_TYPES.values()}))}),
        help_text=_("PDF, PNG or JPEG."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False,
                                  help_text=_("e.g. invitation, presentation, signed minutes"))


class ChallengeForm(ServiceForm):
    indicators = forms.MultipleChoiceField(
        label=_("Linked indicators"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(LABELS.items()),
        help_text=_("The indicators this challenge holds back."))

    class Meta:
        model = Challenge
        fields = ["region", "category", "title", "description", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"description": _("Markdown.")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        regions = meeting_regions(meeting)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = CHOOSE_LABEL
        if self.instance.pk:
            self.initial.setdefault("indicators", list(self.instance.indicators))
        elif meeting.level != "province":
            self.initial.setdefault("region", meeting.region.pk)
