from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import User
from ucj.accounts.scope import managed_users


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What the token is for, e.g. the system that uses it."))
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"), required=False, min_value=1,
        max_value=settings.UCJ_API_TOKEN_MAX_DAYS,
        help_text=_("Empty: until revoked."))

    def __init__(self, *args, manage_all: bool = False, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if manage_all:  # the province admin makes tokens for the province's active users
            self.fields["user"] = forms.ModelChoiceField(
                label=_("For user"), required=False, empty_label=_("myself"),
                queryset=managed_users(actor, User.objects.filter(is_active=True))
                .order_by("username"))
