from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ucj.accounts import services
from ucj.accounts.forms import LoginForm, SetPasswordForm, UserForm
from ucj.accounts.models import Role, User
from ucj.accounts.scope import may_manage_users
from ucj.core.forms import attach_errors


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_signed_in(user=form.get_user())
        return response


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.user_signed_out(user=request.user)
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


def _require_admin(request):
    if not may_manage_users(request.user):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_admin(request)
    users = User.objects.prefetch_related("regions").order_by("role", "username")
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
        "roles": Role.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_admin(request)
    form = UserForm(request.POST or None)
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
    _require_admin(request)
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, user=user)
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
    _require_admin(request)
    user = get_object_or_404(User, pk=pk)
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
        "form": UserForm(user=user), "editing": user, "password_form": form,
    })
