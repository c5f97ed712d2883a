"""The meeting brief ("bahan rapat"): a page, and the same content as an A4 PDF to print before
the meeting. Read by anyone who may read the meeting (404 otherwise)."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ucj.accounts.scope import can_read_meeting
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.pdf import pdf_response, render_pdf
from ucj.forums.brief import meeting_brief as build_brief
from ucj.forums.models import Meeting


def _meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("region__parent").defer("region__geometry",
                                                                "region__parent__geometry"),
        pk=pk)
    if not can_read_meeting(request.user, meeting):
        raise Http404
    return meeting


@login_required
@require_safe
def meeting_brief(request, pk: int):
    meeting = _meeting(request, pk)
    return render(request, "forums/brief.html", {
        "meeting": meeting, "brief": build_brief(meeting, request.user), "pdf": False})


@login_required
@require_safe
def meeting_brief_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    brief = build_brief(meeting, request.user)
    started = time.monotonic()
    content = render_pdf("forums/brief_pdf.html", {"meeting": meeting, "brief": brief,
                                                   "pdf": True}, request=request)
    filename = f"bahan-rapat-{meeting.date:%Y-%m-%d}.pdf"
    audit_log(actor=request.user, action=Action.EXPORT, obj=meeting, region=meeting.region,
              note=f"{filename} ({len(content)} bytes, {time.monotonic() - started:.1f} s)")
    return pdf_response(content, filename)
