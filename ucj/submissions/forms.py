from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions
from ucj.core.datasets import all_datasets
from ucj.regions.models import Level
from ucj.submissions.models import State


class SubmissionFilterForm(forms.Form):
    """?dataset=&region=&period=&state= on the submissions page."""

    dataset = forms.ChoiceField(label=_("Dataset"), required=False)
    region = forms.ModelChoiceField(queryset=None, label=_("Region"), required=False,
                                    to_field_name="code", empty_label=_("all regions"))
    period = forms.CharField(
        label=_("Period"), required=False, max_length=7,
        validators=[RegexValidator(r"^\d{4}(-(0[1-9]|1[0-2]))?$",
                                   _("Enter a year (2025) or a month (2025-06)."))],
        widget=forms.TextInput(attrs={"placeholder": "2025 / 2025-06", "size": 9}),
    )
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("all states")), *State.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        datasets = all_datasets()
        self.fields["dataset"].choices = [("", _("all datasets"))] + [
            (ds.slug, ds.label) for ds in datasets]
        levels = {level for ds in datasets for level in ds.region_levels}
        self.fields["region"].queryset = (readable_regions(user).filter(level__in=levels)
                                          .order_by("code"))


# --- the reporting calendar and the completeness page (issue 19) --------------------------------

class ReportingDeadlineForm(forms.Form):
    """A dataset's row of the reporting calendar (the province admin's)."""

    months_after = forms.IntegerField(
        label=_("Months after the period starts"), min_value=-12, max_value=24,
        help_text=_("0: in the period's first month (a year's January); 1: the month after "
                    "it; -1: the month before it."))
    due_day = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31,
        help_text=_("31 means the month's last day in shorter months."))
    first_period = forms.CharField(
        label=_("First period reported"), max_length=7,
        validators=[RegexValidator(r"^\d{4}(-(0[1-9]|1[0-2]))?$",
                                   _("Enter a year (2025) or a month (2025-06)."))],
        help_text=_("Nothing before it is asked for."))
    note = forms.CharField(label=_("Basis or note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CompletenessFilterForm(forms.Form):
    """?dataset=&year=&region= on the completeness page."""

    dataset = forms.ChoiceField(label=_("Dataset"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"size": 5}))
    region = forms.ModelChoiceField(queryset=None, label=_("Region"), required=False,
                                    to_field_name="code", empty_label=_("all regions"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["dataset"].choices = [("", _("all datasets"))] + [
            (ds.slug, ds.label) for ds in all_datasets()]
        self.fields["region"].queryset = (readable_regions(user).filter(level=Level.REGENCY)
                                          .order_by("code"))
