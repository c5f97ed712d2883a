"""The public transparency page (``/publik/``) and its CSV: no login, aggregates only.

Anonymous responses are cached whole in Django's cache for ``UCJ_PUBLIC_CACHE_SECONDS``
(300 by default), keyed by the URL and the interface language, so a burst of visitors costs
the database nothing. Signed-in users get the same content, computed afresh and not stored
by shared caches. The language is switched with ``?bahasa=en`` / ``?bahasa=id``, which sets
the same cookie as the app's switcher and redirects: the app's switcher is a POST form with
a CSRF token, and a token would make the page personal and so uncacheable."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from ucj.core.csvexport import csv_response
from ucj.core.formatting import format_month, format_ratio_pct
from ucj.core.parsing import query_month
from ucj.reports import svgmap
from ucj.reports.public import csv_header, csv_rows, public_figures, public_province
from ucj.reports.svgmap import choropleth_svg

LANGUAGE_PARAMETER = "bahasa"  # the template links to ?bahasa=en and ?bahasa=id


def _switch_language(request) -> HttpResponse | None:
    """``?bahasa=en``: remember the language in the language cookie and come back without
    the parameter (other parameters kept)."""
    language = request.GET.get(LANGUAGE_PARAMETER)
    if language is None:
        return None
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER)
    response = HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    add_never_cache_headers(response)
    return response


def public_cache(view):
    """Cache the whole response for anonymous visitors (per URL and language); signed-in
    users get it uncached. Browsers and proxies keep a copy per cookie (``Vary: Cookie``), so
    a language switch or a sign-in is never answered from a stale copy."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        switched = _switch_language(request)
        if switched is not None:
            return switched
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
        else:
            seconds = getattr(settings, "UCJ_PUBLIC_CACHE_SECONDS", 300)
            response = cache_page(seconds, key_prefix="ucj-public")(view)(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _figures(request):
    """The figures of the month asked for (``?bulan=YYYY-MM``), else of the latest month; 404
    for a month that is not a month or has no figures."""
    province = public_province()
    if province is None:
        return None
    raw = request.GET.get("bulan", "")
    month = query_month(raw)
    if raw and month is None:
        raise Http404
    figures = public_figures(province=province, month=month)
    if figures is None and month is not None:
        raise Http404
    return figures


@require_safe
@public_cache
def public_page(request):
    figures = _figures(request)
    map_svg = ""
    if figures is not None:
        map_svg = choropleth_svg(
            figures.areas, width=900,
            title=_("Coverage by regency and city, %(month)s") % {
                "month": format_month(figures.month)},
            legend_title=_("Coverage (active participants ÷ workforce potential)"))
    return render(request, "reports/public.html", {
        "figures": figures, "map_svg": map_svg,
        "map_legend": map_legend([a.value for a in figures.areas]) if figures is not None
        else [],
    })


def map_legend(values) -> list[tuple[str, str]]:
    """The classes of a map of ``values`` as (colour, "26,0% – 33,5%") for an HTML legend: on
    a phone the SVG's own legend is too small to read (the province's and the national public
    page)."""
    limits = svgmap.breaks([value for value in values if value is not None])
    if not limits:
        return []
    classes = [(colour, f"{format_ratio_pct(limits[i])} – {format_ratio_pct(limits[i + 1])}")
               for i, colour in enumerate(svgmap.SCALE)]
    return [*classes, (svgmap.NO_DATA, _("no data"))]


@require_safe
@public_cache
def public_csv(request):
    figures = _figures(request)
    if figures is None:
        raise Http404
    streaming = csv_response(f"ucj-publik-{figures.province.code}-{figures.month:%Y-%m}.csv",
                             csv_header(), csv_rows(figures))
    # A plain response, so that the cache can keep it (a streaming one is never cached).
    response = HttpResponse(b"".join(streaming.streaming_content),
                            content_type=streaming["Content-Type"])
    response["Content-Disposition"] = streaming["Content-Disposition"]
    return response
