"""Meetings (rakor) and the challenges they map: lists with their filters in the URL, a count
and CSV; the meeting page (agenda, attendees, minutes, decisions, files, challenges, action
items); the province admin's forms; files served through a scoped, audited view.

Reads go through ``ucj.forums.selectors`` (what the user may read: anything else answers
404), writes through ``ucj.forums.services`` (the province admin's: a page another role may
not use answers 403). List and meeting pages run a fixed number of queries: the counts per
meeting and per challenge are correlated subqueries, not a query per row.
"""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts.scope import Cap, allows, forum_q, readable_regions, require, visible_forum
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.csvexport import csv_response
from ucj.core.downloads import stored_file_response
from ucj.core.forms import CHOOSE_LABEL, attach_errors
from ucj.forums import selectors, services
from ucj.forums.filters import ChallengeFilter, MeetingFilter
from ucj.forums.forms import (
    AttachmentForm,
    AttendeeFormSet,
    ChallengeForm,
    MeetingForm,
    meeting_regions,
)
from ucj.forums.models import (
    ActionItem,
    Agency,
    Attachment,
    Attendance,
    Attendee,
    Challenge,
    ChallengeStatus,
    Meeting,
    MeetingLevel,
)
from ucj.indicators.selectors import LABELS
from ucj.policy.selectors import province_invitees, regency_invitees
from ucj.regions.models import Level

PAGE_SIZE = 50
ATTENDED = (Attendance.PRESENT, Attendance.REPRESENTED)


# --- helpers ---------------------------------------------------------------------------------

def _count(model, *conditions, path: str = "meeting"):
    """How many ``model`` rows point (through ``path``) to the outer row: one correlated
    subquery, so a list costs the same number of queries whatever its length."""
    rows = (model.objects.filter(*conditions, **{path: OuterRef("pk")}).order_by()
            .values(path).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _with_counts(meetings, today):
    return meetings.annotate(
        n_invited=_count(Attendee),
        n_attended=_count(Attendee, Q(attendance__in=ATTENDED)),
        n_challenges=_count(Challenge),
        n_challenges_open=_count(Challenge, ~Q(status=ChallengeStatus.RESOLVED)),
        n_actions=_count(ActionItem),
        n_actions_open=_count(ActionItem, selectors.NOT_DONE),
        n_actions_overdue=_count(ActionItem, selectors.overdue_q(today)),
    )


def _meeting(request, pk: int) -> Meeting:
    """The meeting if the user may read it; 404 otherwise (never reveal another region's)."""
    meeting = selectors.meetings(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _managed_meeting(request, pk: int) -> Meeting:
    """A meeting the user changes: 404 out of scope first, then 403 without MANAGE_FORUMS in
    its region."""
    meeting = _meeting(request, pk)
    require(request.user, Cap.MANAGE_FORUMS, meeting.region)
    return meeting


def _attachment(request, pk: int) -> Attachment:
    attachment = visible_forum(
        request.user,
        Attachment.objects.select_related("meeting__region").defer("meeting__region__geometry"),
        path="meeting__region").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def _filters_query(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", "format") and v])


def _export_note(request, what: str) -> str:
    return f"{what} {_filters_query(request) or '*'}"[:300]


def _filtered(filterset, empty):
    if filterset.is_bound and not filterset.is_valid():
        return empty
    return filterset.qs


def _detail_url(meeting_pk: int, anchor: str) -> str:
    return reverse("meeting_detail", args=[meeting_pk]) + f"#{anchor}"


# --- meetings ----------------------------------------------------------------------------------

@login_required
@require_safe
def meeting_list(request):
    user, today = request.user, timezone.localdate()
    filterset = MeetingFilter(request.GET or None, queryset=selectors.meetings(user), user=user)
    rows = _with_counts(_filtered(filterset, Meeting.objects.none()), today)
    if request.GET.get("format") == "csv":
        audit_log(actor=user, action=Action.EXPORT, object_type="forums.meeting",
                  object_repr=_export_note(request, "meetings"))
        return csv_response(f"ucj-rapat-{today:%Y%m%d}.csv", [
            "id", "date", "start_time", "title", "level", "region_code", "region", "place",
            "online_url", "attendees_invited", "attendees_attended", "challenges",
            "challenges_open", "action_items", "action_items_open", "action_items_overdue",
            "synthetic"], (
            [m.pk, m.date.isoformat(), m.start_time.strftime("%H:%M") if m.start_time else "",
             m.title, m.level, m.region.code, m.region.name, m.place, m.online_url, m.n_invited,
             m.n_attended, m.n_challenges, m.n_challenges_open, m.n_actions, m.n_actions_open,
             m.n_actions_overdue, "1" if m.is_synthetic else "0"]
            for m in rows.iterator(chunk_size=500)))
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    upcoming = selectors.next_meeting(selectors.meetings(user), today)
    return render(request, "forums/meeting_list.html", {
        "tab": "meetings", "filter": filterset, "page": page, "count": paginator.count,
        "upcoming": upcoming, "upcoming_days": (upcoming.date - today).days if upcoming else None,
        "today": today, "can_manage": allows(user, Cap.MANAGE_FORUMS),
        "has_filters": bool(_filters_query(request)),
    })


def _meeting_form_page(request, meeting: Meeting | None):
    initial = None
    if meeting is None:
        province = readable_regions(request.user).filter(level=Level.PROVINCE).first()
        initial = {"level": MeetingLevel.PROVINCE, "region": province.pk if province else None}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial,
                       user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                saved = services.meeting_create(actor=request.user, **form.service_kwargs())
                messages.success(request, _("Meeting “%(title)s” created.")
                                 % {"title": saved.title})
            else:
                # a copy: the page keeps showing the saved title if the service refuses
                saved = services.meeting_update(actor=request.user, meeting=copy.copy(meeting),
                                                **form.service_kwargs())
                messages.success(request, _("Changes saved."))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("meeting_detail", pk=saved.pk)
    return render(request, "forums/meeting_form.html", {
        "tab": "meetings", "form": form, "meeting": meeting,
        "cancel_url": reverse("meeting_detail", args=[meeting.pk]) if meeting
        else reverse("meeting_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require(request.user, Cap.MANAGE_FORUMS)
    return _meeting_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    return _meeting_form_page(request, _managed_meeting(request, pk))


def _attendance_summary(attendees: list[Attendee]) -> dict:
    """Attendance counted once for the page: totals, and per region (in the list's order,
    which is by region code)."""
    groups: dict[str, dict] = {}
    for a in attendees:
        group = groups.setdefault(a.region.code, {"region": a.region, "rows": [], "attended": 0,
                                                  "absent": 0})
        group["rows"].append(a)
        group["attended"] += a.attendance in ATTENDED
        group["absent"] += a.attendance == Attendance.ABSENT
    by_status = {value: sum(a.attendance == value for a in attendees)
                 for value in Attendance.values}
    return {"groups": list(groups.values()), "total": len(attendees),
            "attended": by_status[Attendance.PRESENT] + by_status[Attendance.REPRESENTED],
            "recorded": len(attendees) - by_status[Attendance.INVITED], **by_status}


@login_required
@require_safe
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    today = timezone.localdate()
    attendees = list(meeting.attendees.select_related("region", "agency")
                     .defer("region__geometry"))
    challenges = list(meeting.challenges.select_related("region").defer("region__geometry"))
    for challenge in challenges:
        challenge.indicator_labels = [LABELS.get(k, k) for k in challenge.indicators]
    items = list(meeting.action_items.select_related("owner_region", "owner_agency")
                 .defer("owner_region__geometry").order_by("due_date", "pk"))
    can_manage = allows(request.user, Cap.MANAGE_FORUMS, meeting.region)
    return render(request, "forums/meeting_detail.html", {
        "tab": "meetings", "meeting": meeting, "today": today,
        "attendance": _attendance_summary(attendees),
        "attachments": list(meeting.attachments.select_related("uploaded_by")),
        "challenges": challenges, "items": items, "can_manage": can_manage,
        "attachment_form": AttachmentForm() if can_manage else None,
    })


# --- attendees ---------------------------------------------------------------------------------

def _attendee_row_initial(row: dict) -> dict:
    return {"region": row["region"].code, "agency": row["agency"].code,
            "name": row.get("name", ""), "position": row.get("position", ""),
            "attendance": row.get("attendance") or Attendance.INVITED}


def _invitations(meeting: Meeting, rows: list[dict], regions: dict, agencies: dict) -> list[dict]:
    """The standard invitations of a province meeting that the rows do not hold yet."""
    # the province's policy (ucj.policy): which agencies of the province and of every regency
    wanted = [(meeting.region, code) for code in province_invitees(meeting.region)]
    wanted += [(region, code) for region in regions.values() if region.level == Level.REGENCY
               for code in regency_invitees(meeting.region)]
    have = {(row["region"].code, row["agency"].code) for row in rows}
    return [{"region": region, "agency": agencies[code], "attendance": Attendance.INVITED}
            for region, code in wanted if code in agencies and (region.code, code) not in have]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendees(request, pk: int):
    meeting = _managed_meeting(request, pk)
    regions = {r.code: r for r in meeting_regions(meeting)}
    agencies = {a.code: a for a in Agency.objects.all()}
    form_kwargs = {
        "regions": regions, "agencies": agencies,
        "region_choices": [("", CHOOSE_LABEL), *((c, r.short_name) for c, r in regions.items())],
        "agency_choices": [("", CHOOSE_LABEL), *((c, a.name) for c, a in agencies.items())],
    }

    def unbound(rows: list[dict]):
        return AttendeeFormSet(initial=[_attendee_row_initial(r) for r in rows],
                               form_kwargs=form_kwargs)

    errors: list[str] = []
    if request.method == "POST":
        formset = AttendeeFormSet(request.POST, form_kwargs=form_kwargs)
        if formset.is_valid():
            rows = [row for form in formset.forms if (row := form.service_row())]
            if "prefill" in request.POST and meeting.level == MeetingLevel.PROVINCE:
                added = _invitations(meeting, rows, regions, agencies)
                rows = sorted(rows + added, key=lambda r: (r["region"].code, r["agency"].order,
                                                           r["agency"].name))
                formset = unbound(rows)
                messages.info(request, _(
                    "%(count)s invitation(s) added to the list. Nothing is saved until you "
                    "press “Save attendees”.") % {"count": len(added)})
            else:
                try:
                    services.attendees_set(actor=request.user, meeting=meeting, attendees=rows)
                except ValidationError as exc:
                    errors = exc.messages
                    formset = unbound(rows)  # numbered as the service numbered them
                else:
                    messages.success(request, _("Attendees saved: %(count)s.")
                                     % {"count": len(rows)})
                    return redirect(_detail_url(meeting.pk, "peserta"))
    else:
        formset = unbound([{"region": a.region, "agency": a.agency, "name": a.name,
                            "position": a.position, "attendance": a.attendance}
                           for a in meeting.attendees.select_related("region", "agency")
                           .defer("region__geometry")])
    return render(request, "forums/meeting_attendees.html", {
        "tab": "meetings", "meeting": meeting, "formset": formset, "errors": errors,
        "can_prefill": meeting.level == MeetingLevel.PROVINCE,
    })


# --- attachments -------------------------------------------------------------------------------

@login_required
@require_POST
def attachment_upload(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        reasons = [e for errors in form.errors.values() for e in errors]
        messages.error(request, _("The file was not uploaded: %(reason)s")
                       % {"reason": " ".join(reasons)})
        return redirect(_detail_url(meeting.pk, "lampiran"))
    try:
        attachment = services.attachment_add(actor=request.user, meeting=meeting,
                                             upload=form.cleaned_data["file"],
                                             description=form.cleaned_data["description"])
    except ValidationError as exc:
        messages.error(request, _("The file was not uploaded: %(reason)s")
                       % {"reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("File “%(name)s” uploaded.") % {"name": attachment.name})
    return redirect(_detail_url(meeting.pk, "lampiran"))


@login_required
@require_safe
def attachment_download(request, pk: int):
    """A meeting's file, for whoever may read the meeting; audited."""
    attachment = _attachment(request, pk)
    response = stored_file_response(attachment.file, filename=attachment.name,
                                    content_type=attachment.content_type)
    meeting = attachment.meeting
    audit_log(actor=request.user, action=Action.DOWNLOAD, obj=meeting, region=meeting.region,
              note=attachment.name)
    return response


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = _attachment(request, pk)
    require(request.user, Cap.MANAGE_FORUMS, attachment.meeting.region)
    meeting_pk, name = attachment.meeting_id, attachment.name
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("File “%(name)s” deleted.") % {"name": name})
    return redirect(_detail_url(meeting_pk, "lampiran"))


# --- challenges --------------------------------------------------------------------------------

@login_required
@require_safe
def challenge_list(request):
    user = request.user
    # the action items counted are those the user may read (an item agreed in another
    # region's meeting about a province-wide challenge is not even counted)
    base = selectors.challenges(user).annotate(n_actions=_count(
        ActionItem, forum_q(user, path="meeting__region"), path="challenge"))
    filterset = ChallengeFilter(request.GET or None, queryset=base, user=user)
    rows = _filtered(filterset, Challenge.objects.none())
    if request.GET.get("format") == "csv":
        audit_log(actor=user, action=Action.EXPORT, object_type="forums.challenge",
                  object_repr=_export_note(request, "challenges"))
        return csv_response(f"ucj-tantangan-{timezone.localdate():%Y%m%d}.csv", [
            "id", "region_code", "region", "category", "title", "description", "status",
            "resolved_at", "meeting_id", "meeting_title", "meeting_date", "indicators",
            "action_items", "synthetic"], (
            [c.pk, c.region.code, c.region.name, c.category, c.title, c.description, c.status,
             c.resolved_at.isoformat() if c.resolved_at else "", c.meeting_id, c.meeting.title,
             c.meeting.date.isoformat(), ";".join(c.indicators), c.n_actions,
             "1" if c.is_synthetic else "0"]
            for c in rows.iterator(chunk_size=500)))
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for challenge in page.object_list:
        challenge.indicator_labels = [LABELS.get(k, k) for k in challenge.indicators]
    meeting = filterset.form.cleaned_data.get("rapat") if filterset.is_bound and \
        filterset.is_valid() else None
    return render(request, "forums/challenge_list.html", {
        "tab": "challenges", "filter": filterset, "page": page, "count": paginator.count,
        "can_manage": allows(user, Cap.MANAGE_FORUMS), "meeting": meeting,
        "has_filters": bool(_filters_query(request)),
    })


def _challenge_form_page(request, meeting: Meeting, challenge: Challenge | None):
    form = ChallengeForm(request.POST or None, instance=challenge, meeting=meeting,
                         user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if challenge is None:
                saved = services.challenge_create(actor=request.user, meeting=meeting,
                                                  **form.service_kwargs())
                messages.success(request, _("Challenge “%(title)s” recorded.")
                                 % {"title": saved.title})
            else:
                saved = services.challenge_update(actor=request.user,
                                                  challenge=copy.copy(challenge),
                                                  **form.service_kwargs())
                messages.success(request, _("Changes saved."))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect(_detail_url(saved.meeting_id, "tantangan"))
    return render(request, "forums/challenge_form.html", {
        "tab": "challenges", "form": form, "meeting": meeting, "challenge": challenge,
        "cancel_url": _detail_url(meeting.pk, "tantangan"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request):
    """A challenge raised in the meeting ``?rapat=<pk>``."""
    pk = request.GET.get("rapat", "")
    if not pk.isdigit():
        raise Http404
    meeting = _managed_meeting(request, int(pk))
    return _challenge_form_page(request, meeting, None)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request, pk: int):
    challenge = selectors.challenges(request.user).filter(pk=pk).first()
    if challenge is None:
        raise Http404
    require(request.user, Cap.MANAGE_FORUMS, challenge.meeting.region)
    return _challenge_form_page(request, challenge.meeting, challenge)
