"""The page of API tokens (user menu → API tokens): a user makes, lists and revokes their
own; the province admin (``Cap.MANAGE_USERS``) those of every user. A new token is shown
once, on the answer to the POST that made it, and never stored in clear."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ucj.accounts.scope import Cap, allows
from ucj.api.forms import TokenForm
from ucj.api.tokens import token_create, token_revoke, tokens_for


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    manage_all = allows(request.user, Cap.MANAGE_USERS)
    form = TokenForm(request.POST or None, manage_all=manage_all, actor=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data.get("user") or request.user
        try:
            token, new_key = token_create(actor=request.user, user=user,
                                          name=form.cleaned_data["name"],
                                          expires_in_days=form.cleaned_data["expires_in_days"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm(manage_all=manage_all, actor=request.user)
    tokens = tokens_for(request.user)
    return render(request, "api/tokens.html", {
        "form": form, "new_key": new_key, "manage_all": manage_all,
        "tokens": tokens.order_by("revoked_at", "-created_at")[:500],
    })


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = tokens_for(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404  # another user's token: not revealed
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
