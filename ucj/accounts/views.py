import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts import services
from ucj.accounts.client import client_address
from ucj.accounts.forms import LoginForm, SetPasswordForm, UserForm, manageable_roles
from ucj.accounts.models import Role, User
from ucj.accounts.scope import Cap, managed_users, require
from ucj.core.forms import attach_errors


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_signed_in(user=form.get_user(), address=client_address(self.request))
        return response

    def form_invalid(self, form):
        if form.attempted:
            services.user_sign_in_failed(
                username=form.cleaned_data.get("username") or "",
                address=client_address(self.request), note=_failure_note(self.request))
        return super().form_invalid(form)


def _minutes_left(until) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def _failure_note(request) -> str:
    """Why a sign-in failed, for the audit log (from what the lockout handler found)."""
    refused = getattr(request, "ucj_refused", None)
    lockout = getattr(request, "ucj_lockout", None) or {}
    if refused == "backoff":
        return _("Refused without checking the password: this username must wait %(seconds)s "
                 "seconds after repeated failures.") % {"seconds": request.ucj_wait_seconds}
    if refused == "lockout":
        if lockout.get("reason") == "address":
            return _("Refused without checking the password: this address is locked.")
        return _("Refused without checking the password: this username is locked at this "
                 "address.")
    note = _("Wrong username or password.")
    if getattr(request, "axes_locked_out", False) and lockout:
        minutes = _minutes_left(lockout["until"])
        if lockout["reason"] == "address":
            note += " " + _("This address is now locked for %(minutes)s minutes.") % {
                "minutes": minutes}
        else:
            note += " " + _("This username is now locked at this address for %(minutes)s "
                            "minutes.") % {"minutes": minutes}
    return note


def locked_out(request, original_response=None, credentials=None):
    """The lockout page (``AXES_LOCKOUT_CALLABLE``): what is locked and how long to wait."""
    lockout = getattr(request, "ucj_lockout", None) or {}
    until = lockout.get("until") or timezone.now() + settings.AXES_COOLOFF_TIME
    return render(request, "registration/locked_out.html", {
        "minutes": _minutes_left(until), "until": until,
        "by_address": lockout.get("reason") == "address",
    }, status=429)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.user_signed_out(user=request.user, address=client_address(request))
    logout(request)
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(actor=request.user, user=request.user,
                                       password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_safe
def user_list(request):
    require(request.user, Cap.MANAGE_USERS)
    users = managed_users(request.user, User.objects.prefetch_related("regions")
                          .order_by("role", "username"))
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q)
                             | Q(agency__icontains=q))
    if role in Role.values:
        users = users.filter(role=role)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {
        "page": page, "count": page.paginator.count, "q": q, "role": role,
        "roles": manageable_roles(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    require(request.user, Cap.MANAGE_USERS)
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user, username=data["username"], password=data["password"],
                role=data["role"], regions=data["regions"], full_name=data["full_name"],
                agency=data["agency"], email=data["email"],
            )
        except ValidationError as exc:
            attach_errors(form, exc if hasattr(exc, "error_dict") else
                          ValidationError({"password": exc.messages}))
        else:
            messages.success(request, _("User %(name)s created.") % {"name": user.username})
            return redirect("user_list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    require(request.user, Cap.MANAGE_USERS)
    user = get_object_or_404(managed_users(request.user, User.objects.all()), pk=pk)
    form = UserForm(request.POST or None, user=user, actor=request.user)
    password_form = SetPasswordForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user, user=user, role=data["role"], regions=data["regions"],
                full_name=data["full_name"], agency=data["agency"], email=data["email"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": user.username})
            return redirect("user_list")
    return render(request, "accounts/user_form.html", {
        "form": form, "editing": user, "password_form": password_form,
    })


@login_required
@require_POST
def user_password(request, pk: int):
    require(request.user, Cap.MANAGE_USERS)
    user = get_object_or_404(managed_users(request.user, User.objects.all()), pk=pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(actor=request.user, user=user,
                                       password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            messages.success(request, _("New password set for %(name)s.") % {"name": user.username})
            return redirect("user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {
        "form": UserForm(user=user, actor=request.user), "editing": user,
        "password_form": form,
    })
