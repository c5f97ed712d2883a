"""The status thresholds page: everyone signed in reads them; the province admin edits them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ucj.accounts.scope import may_manage_users
from ucj.core.fields import PercentField
from ucj.indicators.models import StatusThreshold
from ucj.indicators.services import threshold_update


class ThresholdForm(forms.Form):
    value = PercentField(label=gettext_lazy("Value (%)"))


@login_required
def threshold_list(request):
    return render(request, "indicators/thresholds.html", {
        "thresholds": StatusThreshold.objects.select_related("updated_by"),
        "can_edit": may_manage_users(request.user),
    })


@login_required
@require_POST
def threshold_edit(request, pk: int):
    if not may_manage_users(request.user):
        raise PermissionDenied
    threshold = get_object_or_404(StatusThreshold, pk=pk)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        try:
            threshold_update(actor=request.user, threshold=threshold,
                             value=form.cleaned_data["value"] / 100)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": threshold.label})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("threshold_list")
