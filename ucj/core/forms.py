from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ServiceForm(forms.ModelForm):
    """A ModelForm that only reads and parses input.

    Model validation (``full_clean``, natural-key uniqueness, plausibility warnings) happens
    once, in the service that writes the record; its errors come back through
    ``attach_errors``. So the form never mutates the instance it was given.
    """

    service_exclude: tuple[str, ...] = ()

    def __init__(self, *args, user=None, dataset=None, **kwargs):
        self.user = user
        self.dataset = dataset
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = CHOOSE_LABEL
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", CHOOSE_LABEL), *field.choices[1:]]

    def _post_clean(self):
        # No construct_instance / full_clean here: the service validates (see class docstring).
        pass

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.service_exclude}


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


CONFIRM_LABEL = _("I have checked these warnings and want to save anyway.")
CHOOSE_LABEL = _("— choose —")
