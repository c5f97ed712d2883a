from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import readable_regions
from ucj.core.datasets import all_datasets
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
