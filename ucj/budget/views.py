"""The signed document of a commitment, and the tariffs page (everyone reads the contribution
tariffs; the province admin keeps them up to date)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts.scope import Cap, allows, require, visible
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget import services
from ucj.budget.forms import TariffDiscountForm, TariffRateForm
from ucj.budget.models import Commitment, ContributionPackage, TariffDiscount, TariffRate
from ucj.budget.selectors import tariff_overview
from ucj.core.downloads import stored_file_response
from ucj.core.formatting import format_date
from ucj.core.forms import attach_errors
from ucj.policy.tenancy import in_force_q, settings_province  # settings per province (#21)


@login_required
@require_safe
def commitment_document(request, pk: int):
    """The signed document of a commitment, for users who may see the commitment."""
    commitment = visible(request.user, Commitment.objects.select_related("region")).filter(
        pk=pk).first()
    if commitment is None:
        raise Http404
    response = stored_file_response(commitment.document, content_type="application/pdf",
                                    filename=commitment.document_name or "dokumen.pdf",
                                    as_attachment=False)
    audit_log(actor=request.user, action=Action.DOWNLOAD, obj=commitment,
              note=commitment.document_name)
    return response


# --- tariffs -----------------------------------------------------------------------------------

@login_required
@require_safe
def tariff_list(request):
    """The national rates and discounts and the user's province's own (issue 21)."""
    province = settings_province(request.user)
    can_edit = province is not None and allows(request.user, Cap.MANAGE_TARIFFS, province)
    packages = tariff_overview(on=timezone.localdate(), province=province)
    if can_edit:
        for package in packages:
            package.rate_form = TariffRateForm(auto_id=f"id_rate_{package.code}_%s")
            package.discount_form = TariffDiscountForm(auto_id=f"id_discount_{package.code}_%s")
    return render(request, "budget/tariffs.html", {
        "packages": packages, "can_edit": can_edit, "today": timezone.localdate(),
        "province": province})


def _back_to(package: ContributionPackage) -> str:
    return f"{reverse('tariff_list')}#paket-{package.code}"


def _tariff_form_page(request, *, form, package, title, action, obj=None):
    """Show a tariff form on its own page (GET, or a POST that was refused: nothing saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = action(**form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(package)s, valid from %(date)s.") % {
                "package": package.name, "date": format_date(saved.valid_from)})
            return redirect(_back_to(package))
    return render(request, "budget/tariff_form.html", {
        "form": form, "package": package, "title": title, "object": obj,
        "cancel_url": _back_to(package)})


@login_required
@require_http_methods(["GET", "POST"])
def tariff_rate_create(request, package_code: str):
    require(request.user, Cap.MANAGE_TARIFFS)
    package = get_object_or_404(ContributionPackage, code=package_code)
    form = TariffRateForm(request.POST if request.method == "POST" else None)
    return _tariff_form_page(
        request, form=form, package=package, title=_("New rate"),
        action=lambda **data: services.tariff_rate_create(
            actor=request.user, package=package, **data))


@login_required
@require_http_methods(["GET", "POST"])
def tariff_rate_edit(request, pk: int):
    require(request.user, Cap.MANAGE_TARIFFS)
    # a national rate or the user's province's own; another province's answers 404 (#21)
    rate = get_object_or_404(TariffRate.objects.select_related("package").filter(
        in_force_q(settings_province(request.user))), pk=pk)
    form = (TariffRateForm(request.POST) if request.method == "POST"
            else TariffRateForm(initial=TariffRateForm.initial_from(rate)))
    return _tariff_form_page(
        request, form=form, package=rate.package, title=_("Edit rate"), obj=rate,
        action=lambda **data: services.tariff_rate_update(actor=request.user, rate=rate, **data))


@login_required
@require_http_methods(["GET", "POST"])
def tariff_discount_create(request, package_code: str):
    require(request.user, Cap.MANAGE_TARIFFS)
    package = get_object_or_404(ContributionPackage, code=package_code)
    form = TariffDiscountForm(request.POST if request.method == "POST" else None)
    return _tariff_form_page(
        request, form=form, package=package, title=_("New discount"),
        action=lambda **data: services.tariff_discount_create(
            actor=request.user, package=package, **data))


@login_required
@require_http_methods(["GET", "POST"])
def tariff_discount_edit(request, pk: int):
    require(request.user, Cap.MANAGE_TARIFFS)
    discount = get_object_or_404(TariffDiscount.objects.select_related("package").filter(
        in_force_q(settings_province(request.user))), pk=pk)
    form = (TariffDiscountForm(request.POST) if request.method == "POST"
            else TariffDiscountForm(initial=TariffDiscountForm.initial_from(discount)))
    return _tariff_form_page(
        request, form=form, package=discount.package, title=_("Edit discount"), obj=discount,
        action=lambda **data: services.tariff_discount_update(
            actor=request.user, discount=discount, **data))
