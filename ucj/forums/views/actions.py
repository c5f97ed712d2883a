"""Action items (langkah strategis) agreed in coordination forums: the list (filters in the URL,
counts per status, CSV), creating and changing them (the province admin), an item's page with
its timeline and the update form of its owner, evidence files, and the user's reminders
("Tugas saya") with the e-mail preference.

Reads go through ``ucj.forums.selectors`` (scoped), writes through ``ucj.forums.services``.
An item the user may not read answers 404; a page the role may not use at all, 403."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts.scope import (
    Cap,
    allows,
    can_read,
    can_read_meeting,
    can_update_action,
    require,
)
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Allocation, Commitment
from ucj.core.csvexport import csv_response
from ucj.core.downloads import stored_file_response
from ucj.forums import selectors, services
from ucj.forums.action_forms import (
    EVIDENCE_KINDS,
    ActionForm,
    ActionUpdateForm,
    attach_service_errors,
    evidence_records,
    record_label,
)
from ucj.forums.models import ActionItem, ActionStatus, ActionUpdate, Agency
from ucj.policy.selectors import forum_due_soon_days  # policy as data
from ucj.policy.tenancy import user_province_code  # the user's province's (issue 21)
from ucj.regions.models import Region

PAGE_SIZE = 100
FILTERS = ("wilayah", "instansi", "status", "rapat", "terlambat", "segera", "q")


def mark_due(items, today: dt.date, days: int | None = None):
    """Set ``days_late`` (overdue) or ``days_soon`` (due within ``days`` days; 0 = today) on
    action items that are not done, for ``forums/_action_table.html`` and the reminders."""
    days = forum_due_soon_days() if days is None else days
    for item in items:
        item.days_late = item.days_soon = None
        if item.status == ActionStatus.DONE:
            continue
        left = item.days_left(today)
        if left < 0:
            item.days_late = -left
        elif left <= days:
            item.days_soon = left
    return items


# --- the list ----------------------------------------------------------------------------------

def _filtered(request, today: dt.date):
    """(items with every filter, items with the filters other than status/overdue/due soon,
    the filter values as understood)."""
    params = {name: request.GET.get(name, "").strip() for name in FILTERS}
    scoped = selectors.actions(request.user)
    if params["wilayah"]:
        scoped = scoped.filter(owner_region__code=params["wilayah"])
    if params["instansi"]:
        scoped = scoped.filter(owner_agency__code=params["instansi"])
    if params["rapat"].isdigit():
        scoped = scoped.filter(meeting_id=int(params["rapat"]))
    else:
        params["rapat"] = ""
    if params["q"]:
        scoped = scoped.filter(Q(title__icontains=params["q"])
                               | Q(description__icontains=params["q"]))
    items = scoped
    if params["status"] in ActionStatus.values:
        items = items.filter(status=params["status"])
    else:
        params["status"] = ""
    for name, condition in (("terlambat", selectors.overdue_q(today)),
                            ("segera", selectors.due_soon_q(
                                today, province=user_province_code(request.user)))):
        if params[name] == "1":
            items = items.filter(condition)
        else:
            params[name] = ""
    # Open items first, by due date.
    items = items.order_by(Case(When(status=ActionStatus.DONE, then=Value(1)), default=Value(0),
                                output_field=IntegerField()), "due_date", "id")
    return items, scoped, params


def _csv(request, items, today: dt.date):
    audit_log(actor=request.user, action=Action.EXPORT, object_type="forums.actionitem",
              object_repr="action items " + " ".join(
                  f"{k}={v}" for k, v in request.GET.items() if k != "format"))
    return csv_response("langkah-strategis.csv", [
        "id", "action", "owner_region_code", "owner_region", "owner_agency", "meeting_id",
        "meeting", "meeting_date", "challenge", "due_date", "status", "progress", "overdue",
        "done_on", "last_update"], (
        [a.pk, a.title, a.owner_region.code if a.owner_region_id else "",
         a.owner_region.name if a.owner_region_id else "",
         a.owner_agency.code if a.owner_agency_id else "", a.meeting_id, a.meeting.title,
         a.meeting.date.isoformat(), a.challenge.title if a.challenge_id else "",
         a.due_date.isoformat(), a.status, a.progress, int(a.is_overdue(today)),
         a.done_at.isoformat() if a.done_at else "",
         timezone.localtime(a.last_update_at).isoformat(timespec="minutes")
         if a.last_update_at else ""]
        for a in items.iterator(chunk_size=500)))


@login_required
@require_safe
def action_list(request):
    today = timezone.localdate()
    items, scoped, params = _filtered(request, today)
    if request.GET.get("format") == "csv":
        return _csv(request, items, today)
    counts = selectors.action_counts(scoped, today)
    counts["due_soon"] = scoped.aggregate(n=Count("pk", filter=selectors.due_soon_q(
        today, province=user_province_code(request.user))))["n"]
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_due(page.object_list, today, forum_due_soon_days(user_province_code(request.user)))
    visible = selectors.actions(request.user)
    meeting = None
    if params["rapat"]:
        meeting = selectors.meetings(request.user).filter(pk=int(params["rapat"])).first()
    return render(request, "forums/action_list.html", {
        "tab": "actions", "page": page, "items": page.object_list, "today": today,
        "count": page.paginator.count, "counts": counts, "params": params,
        "statuses": [(value, label, counts[value]) for value, label in ActionStatus.choices],
        "has_filters": any(params.values()), "meeting": meeting,
        "days": forum_due_soon_days(user_province_code(request.user)),
        "regions": Region.objects.filter(pk__in=visible.values("owner_region")).defer("geometry")
        .order_by("code"),
        "agencies": Agency.objects.filter(pk__in=visible.values("owner_agency")),
        "meetings": selectors.meetings(request.user).filter(pk__in=visible.values("meeting")),
        "can_manage": allows(request.user, Cap.MANAGE_FORUMS),
    })


# --- create and change (the province admin) ----------------------------------------------------

def _item(request, pk: int) -> ActionItem:
    """An action item the user may read (its meeting's region in reach), else 404."""
    item = (selectors.actions(request.user)
            .select_related("meeting__region", "created_by", "challenge__region",
                            "challenge__meeting")
            .defer("meeting__region__geometry", "challenge__region__geometry")
            .filter(pk=pk).first())
    if item is None:
        raise Http404
    return item


def _form_page(request, *, meeting, item=None):
    form = ActionForm(request.POST or None, meeting=meeting, action=item)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                saved = services.action_create(actor=request.user, meeting=meeting,
                                               **form.service_kwargs())
            else:
                saved = services.action_edit(actor=request.user, action=item,
                                             **form.service_kwargs())
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            if item is None:
                messages.success(request, _("Action item “%(title)s” added.")
                                 % {"title": saved.title})
                if "another" in request.POST:
                    return redirect(f"{reverse('action_create')}?rapat={meeting.pk}")
            else:
                messages.success(request, _("Action item “%(title)s” changed.")
                                 % {"title": saved.title})
            return redirect("action_detail", pk=saved.pk)
    return render(request, "forums/action_form.html", {
        "tab": "actions", "form": form, "meeting": meeting, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request):
    """An action item agreed in the meeting ``?rapat=<pk>``: 404 for a meeting the user may
    not read, then 403 without MANAGE_FORUMS in its region."""
    rapat = request.GET.get("rapat", "")
    meeting = (selectors.meetings(request.user).filter(pk=int(rapat)).first()
               if rapat.isdigit() else None)
    if meeting is None:
        raise Http404
    require(request.user, Cap.MANAGE_FORUMS, meeting.region)
    return _form_page(request, meeting=meeting)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    item = _item(request, pk)
    require(request.user, Cap.MANAGE_FORUMS, item.meeting.region)
    return _form_page(request, meeting=item.meeting, item=item)


# --- an item's page, its timeline and updates --------------------------------------------------

RECORD_DATASETS = {"commitment": "commitments", "allocation": "allocations",
                   "realization": "realizations"}


def _timeline(user, item: ActionItem) -> list[ActionUpdate]:
    updates = list(item.updates.select_related(
        "author", "commitment__region", "allocation__region", "realization__allocation__region")
        .defer("commitment__region__geometry", "allocation__region__geometry",
               "realization__allocation__region__geometry"))
    for update in updates:
        update.record = update.linked_record
        update.record_url = update.record_text = ""
        if update.record is not None and can_read(user, update.record.region):
            kind = ("commitment" if isinstance(update.record, Commitment) else
                    "allocation" if isinstance(update.record, Allocation) else "realization")
            update.record_text = record_label(update.record)
            update.record_url = reverse("record_detail",
                                        args=[RECORD_DATASETS[kind], update.record.pk])
    return updates


def _detail_page(request, item: ActionItem, *, form=None, status: int = 200):
    today = timezone.localdate()
    mark_due([item], today, forum_due_soon_days(user_province_code(request.user)))
    can_update = can_update_action(request.user, item)
    if can_update and form is None:
        form = ActionUpdateForm(user=request.user, action=item,
                                records=evidence_records(request.user, item))
    return render(request, "forums/action_detail.html", {
        "tab": "actions", "item": item, "today": today, "updates": _timeline(request.user, item),
        "can_update": can_update, "form": form,
        "can_manage": allows(request.user, Cap.MANAGE_FORUMS, item.meeting.region),
        "can_reopen": allows(request.user, Cap.MANAGE_FORUMS, item.meeting.region),
    }, status=status)


@login_required
@require_safe
def action_detail(request, pk: int):
    return _detail_page(request, _item(request, pk))


@login_required
@require_POST
def action_update_view(request, pk: int):
    item = _item(request, pk)
    if not can_update_action(request.user, item):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST, request.FILES, user=request.user, action=item,
                            records=evidence_records(request.user, item))
    if form.is_valid():
        try:
            services.action_update(actor=request.user, action=item, **form.service_kwargs())
        except ValidationError as exc:
            attach_service_errors(form, exc, renames={k: "evidence" for k in EVIDENCE_KINDS})
        else:
            messages.success(request, _("Update recorded."))
            return redirect(reverse("action_detail", args=[item.pk]) + "#timeline")
    messages.error(request, _("The update was not recorded: see the form below."))
    return _detail_page(request, item, form=form)


@login_required
@require_safe
def evidence_download(request, pk: int):
    """An update's evidence file, for anyone who may read the item's meeting."""
    update = (ActionUpdate.objects.select_related("action__meeting__region",
                                                  "action__owner_region")
              .defer("action__meeting__region__geometry", "action__owner_region__geometry")
              .filter(pk=pk).first())
    if update is None or not update.evidence_file or not can_read_meeting(
            request.user, update.action.meeting):
        raise Http404
    response = stored_file_response(
        update.evidence_file, filename=update.evidence_name or "bukti",
        content_type=update.evidence_type or "application/octet-stream")
    action = update.action
    audit_log(actor=request.user, action=Action.DOWNLOAD, obj=action,
              region=action.owner_region or action.meeting.region, note=update.evidence_name)
    return response


# --- reminders ---------------------------------------------------------------------------------

@login_required
@require_safe
def reminder_list(request):
    user = request.user
    has_items = allows(user, Cap.UPDATE_ACTIONS)
    reminders = selectors.reminders(user) if has_items else None
    if reminders is not None:
        mark_due(reminders.overdue + reminders.due_soon, reminders.today, reminders.days)
    groups = [] if reminders is None else [{"key": "overdue", "items": reminders.overdue},
                                          {"key": "soon", "items": reminders.due_soon}]
    return render(request, "forums/reminders.html", {
        "tab": "reminders", "reminders": reminders, "groups": groups, "has_items": has_items,
        "days": forum_due_soon_days(user_province_code(request.user)),
        "emails_on": settings.UCJ_REMINDER_EMAILS,
    })


@login_required
@require_POST
def reminder_email_toggle(request):
    require(request.user, Cap.UPDATE_ACTIONS)
    enabled = request.POST.get("enabled") == "1"
    services.reminder_emails_set(actor=request.user, user=request.user, enabled=enabled)
    messages.success(request, _("Reminders by e-mail are on.") if enabled
                     else _("Reminders by e-mail are off."))
    return redirect("reminder_list")
