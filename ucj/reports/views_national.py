"""The national monev report (``/nasional/laporan.pdf``, national viewers only) and the national
public page (``/publik/nasional/``, no login, aggregates only) with its CSV (issue 21)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ucj.accounts.scope import Cap, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.csvexport import csv_response
from ucj.core.parsing import query_month
from ucj.indicators import national
from ucj.reports.national import (
    CSV_HEADER,
    csv_rows,
    default_period,
    national_pdf,
    province_map_svg,
    without_boundary,
)
from ucj.reports.periods import parse_period
from ucj.reports.views_public import map_legend, public_cache


@login_required
@require_safe
def national_report(request):
    """``?periode=2025-Q2`` (a month, quarter or year; default: the quarter of the latest
    month with data): the national monev report as a PDF, made on request and kept until the
    next write. The download is audited."""
    require(request.user, Cap.READ_NATIONAL)
    try:
        period = parse_period(request.GET.get("periode") or default_period())
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    content = national_pdf(period)
    name = f"monev-ucj-nasional-{period.code}.pdf"
    audit_log(actor=request.user, action=Action.DOWNLOAD, object_type="national_report",
              object_repr=name, note=f"{len(content)} bytes")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _board(request):
    """The board of ``?bulan=`` (else the latest month); 404 for a month that is not one."""
    raw = request.GET.get("bulan", "")
    month = query_month(raw)
    if raw and month is None:
        raise Http404
    return national.national_board(month)


@require_safe
@public_cache
def public_national_page(request):
    board = _board(request)
    context = {"board": board}
    if board is not None:
        context.update(rows=national.sort_rows(board.rows, "name"),
                       map_svg=province_map_svg(board, width=900),
                       map_legend=map_legend([r.values["coverage"] for r in board.rows]),
                       missing=without_boundary(board))
    return render(request, "reports/national_public.html", context)


@require_safe
@public_cache
def public_national_csv(request):
    board = _board(request)
    if board is None:
        raise Http404
    streaming = csv_response(f"ucj-publik-nasional-{board.month:%Y-%m}.csv", CSV_HEADER,
                             csv_rows(board))
    # a plain response, so that the cache can keep it (as /publik/data.csv)
    response = HttpResponse(b"".join(streaming.streaming_content),
                            content_type=streaming["Content-Type"])
    response["Content-Disposition"] = streaming["Content-Disposition"]
    return response
