from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import Role, User
from ucj.accounts.scope import readable_regions
from ucj.regions.models import Level, Region


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Both are case-sensitive."),
    }
    username = forms.CharField(label=_("Username"), widget=forms.TextInput(
        attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    # Whether the credentials went to authentication (a sign-in attempt to audit).
    attempted = False

    def clean(self):
        self.attempted = (self.cleaned_data.get("username") is not None
                          and bool(self.cleaned_data.get("password")))
        return super().clean()

    def get_invalid_login_error(self):
        wait = getattr(self.request, "ucj_wait_seconds", None)
        if getattr(self.request, "ucj_refused", None) == "backoff" and wait:
            return forms.ValidationError(
                _("Too many failed sign-ins for this username. Wait %(seconds)s seconds, "
                  "then try again."), code="backoff", params={"seconds": wait})
        return super().get_invalid_login_error()


def manageable_roles() -> list[tuple[str, str]]:
    """The roles a province admin gives: all but the national viewer (issue 21)."""
    return [(value, label) for value, label in Role.choices if value != Role.NASIONAL_VIEWER]


class UserRegionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    agency = forms.CharField(label=_("Agency"), max_length=200, required=False,
                             help_text=_("e.g. the Disnaker of a regency/city"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=())
    regions = UserRegionsField(
        label=_("Regions"),
        queryset=Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Province users: the province. Operators: their regency/city. BPJS "
                    "operators: the regencies/cities their branch serves."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput,
                               required=False, strip=False)

    def __init__(self, *args, user: User | None = None, actor: User | None = None, **kwargs):
        self.editing = user
        if user is not None:
            kwargs.setdefault("initial", {
                "username": user.username, "full_name": user.full_name, "agency": user.agency,
                "email": user.email, "role": user.role, "regions": list(user.regions.all()),
                "is_active": user.is_active,
            })
        super().__init__(*args, **kwargs)
        # an admin gives the roles of a province, bound to regions of their own province
        self.fields["role"].choices = manageable_roles()
        if actor is not None:
            self.fields["regions"].queryset = readable_regions(actor).filter(
                level__in=[Level.PROVINCE, Level.REGENCY])
        if user is not None:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            del self.fields["is_active"]
            self.fields["password"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if self.editing is None and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username


class SetPasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Repeat the new password"), widget=forms.PasswordInput,
                                strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
