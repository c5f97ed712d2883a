from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.cycle.models import Kind, Outcome

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS,
                           help_text=_("The day the step happened (the document's date)."))
    document = forms.FileField(
        label=_("Document (PDF)"), required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("Optional. A PDF; a new file replaces the one stored."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome of the evaluation"), choices=Outcome.choices)
    province_note = forms.CharField(
        label=_("Province's note"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the regency must improve, e.g. the worker-protection line to keep or "
                    "add."))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != Kind.EVALUATION:
            del self.fields["outcome"]
            del self.fields["province_note"]


class DeadlineForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The article that sets the date, once checked against its text; otherwise "
                    "“Ditetapkan provinsi”."))
