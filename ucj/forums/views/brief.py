"""The meeting brief ("bahan rapat"): a page, and the same content as an A4 PDF to print before
the meeting. Read by anyone who may read the meeting (404 otherwise).

The PDF is made by the background worker, as the monev report (issue 19, item 7): the brief
page's button orders it (POST) and leads to the report's progress page, which offers the file
when it is ready. The brief follows its reader's scope, so the PDF is made for who ordered it
and fetched by them (and who runs the meeting) only: docs/decisions.md 129. The old GET
``bahan.pdf`` address leads to the reader's newest ready PDF of the meeting, or to the brief
page to order one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import can_read_meeting
from ucj.forums.brief import meeting_brief as build_brief
from ucj.forums.models import Meeting
from ucj.reports import services as reports
from ucj.reports.models import Kind, Report, Status


def _meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("region__parent").defer("region__geometry",
                                                                "region__parent__geometry"),
        pk=pk)
    if not can_read_meeting(request.user, meeting):
        raise Http404
    return meeting


def _own_pdfs(user, meeting: Meeting):
    """The user's own brief PDFs of the meeting, newest first."""
    return Report.objects.filter(kind=Kind.BRIEF_PDF, meeting=meeting,
                                 requested_by=user).order_by("-requested_at")


@login_required
@require_safe
def meeting_brief(request, pk: int):
    meeting = _meeting(request, pk)
    return render(request, "forums/brief.html", {
        "meeting": meeting, "brief": build_brief(meeting, request.user), "pdf": False,
        "pdf_reports": list(_own_pdfs(request.user, meeting)[:3]),
        "pdf_asked": "pdf" in request.GET})


@login_required
@require_POST
def meeting_brief_pdf_order(request, pk: int):
    meeting = _meeting(request, pk)
    report = reports.brief_request(actor=request.user, meeting=meeting,
                                   base_url=request.build_absolute_uri("/"))
    messages.success(request, _("The PDF of the brief is being made; this page shows when it "
                                "is ready."))
    return redirect("report_detail", pk=report.pk)


@login_required
@require_safe
def meeting_brief_pdf(request, pk: int):
    """The old address of the PDF (bookmarks): the reader's newest ready PDF of the meeting,
    or the brief page, where the button orders one."""
    meeting = _meeting(request, pk)
    ready = _own_pdfs(request.user, meeting).filter(status=Status.DONE).first()
    if ready is not None:
        return redirect("report_download", pk=ready.pk)
    return redirect(reverse("meeting_brief", args=[meeting.pk]) + "?pdf#pdf")
