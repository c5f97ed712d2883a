"""The province policy page: every signed-in user reads the values; the province admin
(``Cap.MANAGE_POLICY``) changes them one at a time, each change audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, allows, require
from ucj.policy.keys import KEYS, Key, Kind
from ucj.policy.models import PolicyValue
from ucj.policy.selectors import policy_values
from ucj.policy.services import choices, policy_set
from ucj.policy.tenancy import in_force, settings_province


def _item(spec: Key, value: Any, row: PolicyValue | None) -> dict:
    options = choices(spec) if spec.model else []
    names = dict(options)
    if spec.kind == Kind.CHOICE:
        shown = names.get(value, value)
    elif spec.kind == Kind.CHOICES:
        shown = ", ".join(names.get(code, code) for code in value)
    elif spec.kind == Kind.TEXTS:
        shown = " → ".join(value)
    else:
        shown = f"{value} {spec.unit}".strip()
    return {"spec": spec, "value": value, "shown": shown, "row": row, "options": options,
            "lines": "\n".join(value) if spec.kind == Kind.TEXTS else ""}


@login_required
@require_safe
def policy_list(request):
    """The values of the user's province: its own and the national defaults it inherits
    (issue 21)."""
    province = settings_province(request.user)
    values = policy_values(province)
    rows = {row.key: row for row in in_force(PolicyValue.objects.select_related("updated_by"),
                                             province, key=lambda row: row.key)}
    groups: dict[str, list[dict]] = {}
    for key, spec in KEYS.items():
        groups.setdefault(str(spec.group), []).append(_item(spec, values[key], rows.get(key)))
    return render(request, "policy/policy.html", {
        "groups": groups.items(), "province": province,
        "can_edit": province is not None and allows(request.user, Cap.MANAGE_POLICY, province)})


def _posted(spec: Key, data: QueryDict) -> Any:
    """The posted value in its key's kind; a ValidationError naming the field."""
    if spec.kind == Kind.CHOICES:
        return data.getlist("value")
    raw = data.get("value", "")
    if spec.kind == Kind.TEXTS:
        return raw.splitlines()
    if spec.kind == Kind.CHOICE:
        return raw.strip()
    text = raw.strip()
    if not text.isdigit():
        raise ValidationError(_("%(field)s: enter a whole number.") % {"field": spec.label})
    return int(text)


@login_required
@require_POST
def policy_edit(request, key: str):
    require(request.user, Cap.MANAGE_POLICY)
    spec = KEYS.get(key)
    if spec is None:
        raise Http404
    try:
        policy_set(actor=request.user, key=key, value=_posted(spec, request.POST))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved: %(name)s.") % {"name": spec.label})
    return redirect(reverse("policy_list") + f"#{key}")
