"""The body of a page computed from the data, kept as HTML until the next write (issue 18).

The dashboard, the region pages and the home pages spend most of their time computing figures
and rendering large tables that only change when someone writes. ``cached_part`` renders a
template once per data version (ucj/core/dataversion.py) and keeps the HTML, keyed by

* the user (what a user may see, and the links a user may follow, differ by user);
* the language, the full path with its query string, and the local date ("as of" today);

so that a write anywhere makes every kept body stale at once, and nothing is shown to a user
that was rendered for another. A form's CSRF token is not kept: the body is rendered with a
placeholder that is replaced by the request's own token on the way out.

Only the body: the page around it (navigation, messages, the user's menu) is rendered for
each request as before."""

from __future__ import annotations

from collections.abc import Callable

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ucj.core import dataversion

CSRF_PLACEHOLDER = "ucj-csrf-token-placeholder"


def cached_part(request, name: str, template: str, context: Callable[[], dict]) -> SafeString:
    """``template`` rendered with ``context()`` for this request, or its HTML kept since the
    last write for the same user, language, path and day."""
    parts = (request.user.pk, get_language(), request.get_full_path(),
             timezone.localdate().isoformat())

    def render() -> str:
        return render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER},
                                request=request)

    html = dataversion.cached(f"part:{name}", parts, render)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # rendered by the template engine, escaped there
