"""Writes of coordination forums. Every function runs in one transaction, checks who may do it
(``ucj.accounts.scope``), validates, and writes its audit event.

* Meetings, their attendees and files, challenges and action items are written by those who
  hold ``Cap.MANAGE_FORUMS`` in the meeting's region (the province admin).
* An action item's progress is recorded by its owner (``can_update_action``) as an update:
  a comment, a status along ``TRANSITIONS``, a progress percentage, and evidence (a file, or
  a commitment, allocation or realization of the owner's region).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, allows, can_read, can_update_action, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.core.validators import validate_attachment
from ucj.forums.models import (
    TRANSITIONS,
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Agency,
    Attachment,
    Attendance,
    Attendee,
    Challenge,
    ChallengeStatus,
    Meeting,
    MeetingLevel,
)
from ucj.indicators.selectors import KEYS as INDICATOR_KEYS
from ucj.regions.hierarchy import region_within
from ucj.regions.models import Level, Region

MEETING_FIELDS = ("title", "date", "start_time", "level", "region", "place", "online_url",
                  "agenda", "minutes", "decisions")
CHALLENGE_FIELDS = ("region", "category", "title", "description", "status", "indicators")
ACTION_FIELDS = ("title", "description", "owner_region", "owner_agency", "due_date",
                 "challenge")


def _check_meeting(meeting: Meeting) -> None:
    wanted = Level.PROVINCE if meeting.level == MeetingLevel.PROVINCE else Level.REGENCY
    if meeting.region_id and meeting.region.level != wanted:
        raise ValidationError({"region": _(
            "A province coordination meeting belongs to the province; a regency/city meeting "
            "to its regency/city.")})
    if not meeting.place and not meeting.online_url:
        raise ValidationError({"place": _("Say where the meeting is held, or give its online "
                                          "link.")})


def _within_meeting(meeting: Meeting, region: Region | None) -> bool:
    """Whether a region (of a challenge, an attendee, an action's owner) belongs to the
    meeting: the meeting's region or one below it."""
    return region is None or region_within(region, meeting.region)


def _clean_and_save(instance, *, actor=None, by_field: str | None = None) -> None:
    if by_field and actor is not None:
        setattr(instance, by_field, actor)
    instance.full_clean()
    instance.save()


def _change(*, actor, obj, fields: dict, allowed: tuple[str, ...], check, by_field=None,
            audit_region=None):
    """The common path of the edit services: set the allowed fields, check the result, save,
    and audit what changed (old → new)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{type(obj).__name__}: unknown fields {sorted(unknown)}")
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    check(obj)
    _clean_and_save(obj, actor=actor, by_field=by_field)
    changes = diff(before, snapshot(obj))
    if changes:
        audit_log(actor=actor, action=Action.UPDATE, obj=obj, changes=changes,
                  region=audit_region(obj) if audit_region else None)
    return obj


# --- Meetings -------------------------------------------------------------------------------

@transaction.atomic
def meeting_create(*, actor, title: str, date: dt.date, level: str, region: Region,
                   place: str = "", online_url: str = "", agenda: str = "", minutes: str = "",
                   decisions: str = "", start_time: dt.time | None = None,
                   attendees: Iterable[dict] = (), is_synthetic: bool = False) -> Meeting:
    require(actor, Cap.MANAGE_FORUMS, region)
    meeting = Meeting(title=" ".join(title.split()), date=date, level=level, region=region,
                      place=place.strip(), online_url=online_url.strip(), agenda=agenda,
                      minutes=minutes, decisions=decisions, start_time=start_time,
                      is_synthetic=is_synthetic, created_by=actor, updated_by=actor)
    _check_meeting(meeting)
    _clean_and_save(meeting)
    audit_log(actor=actor, action=Action.CREATE, obj=meeting, changes=diff(None, snapshot(meeting)))
    if attendees:
        _attendees_replace(meeting, attendees)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    require(actor, Cap.MANAGE_FORUMS, meeting.region)

    def check(changed: Meeting) -> None:
        _check_meeting(changed)
        require(actor, Cap.MANAGE_FORUMS, changed.region)  # a region the actor runs forums in

    return _change(actor=actor, obj=meeting, fields=fields, allowed=MEETING_FIELDS,
                   check=check, by_field="updated_by")


def _attendee_key(item: dict) -> tuple:
    return (item["region"].pk, item["agency"].pk)


def _attendees_replace(meeting: Meeting, attendees: Iterable[dict]) -> list[Attendee]:
    rows, seen = [], set()
    for number, item in enumerate(attendees, start=1):
        region, agency = item.get("region"), item.get("agency")
        if region is None or agency is None:
            raise ValidationError(_("Attendee %(n)s: give the region and the agency.")
                                  % {"n": number})
        if not _within_meeting(meeting, region):
            raise ValidationError(_("Attendee %(n)s: %(region)s does not belong to this "
                                    "meeting's region.") % {"n": number,
                                                            "region": region.short_name})
        key = _attendee_key(item)
        if key in seen:
            raise ValidationError(_("Attendee %(n)s: %(agency)s %(region)s is listed twice.")
                                  % {"n": number, "agency": agency, "region": region.short_name})
        seen.add(key)
        attendee = Attendee(meeting=meeting, region=region, agency=agency,
                            name=(item.get("name") or "").strip(),
                            position=(item.get("position") or "").strip(),
                            attendance=item.get("attendance") or Attendance.INVITED)
        attendee.full_clean(exclude=["meeting"], validate_unique=False,
                            validate_constraints=False)
        rows.append(attendee)
    meeting.attendees.all().delete()
    return Attendee.objects.bulk_create(rows)


def _attendee_lines(meeting: Meeting) -> list[str]:
    return [f"{a.agency} {a.region.short_name}: {a.get_attendance_display()}"
            for a in meeting.attendees.select_related("agency", "region")]


@transaction.atomic
def attendees_set(*, actor, meeting: Meeting, attendees: Iterable[dict]) -> list[Attendee]:
    """Replace the meeting's attendee list (region, agency, name, position, attendance)."""
    require(actor, Cap.MANAGE_FORUMS, meeting.region)
    before = _attendee_lines(meeting)
    rows = _attendees_replace(meeting, list(attendees))
    after = _attendee_lines(meeting)
    if before != after:
        audit_log(actor=actor, action=Action.UPDATE, obj=meeting,
                  changes={"attendees": [before, after]})
    return rows


@transaction.atomic
def attachment_add(*, actor, meeting: Meeting, upload, description: str = "") -> Attachment:
    require(actor, Cap.MANAGE_FORUMS, meeting.region)
    try:
        content_type = validate_attachment(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    name = upload.name.rsplit("/", 1)[-1][:255]
    attachment = Attachment(meeting=meeting, file=upload, name=name, content_type=content_type,
                            size=upload.size, description=description.strip()[:200],
                            uploaded_by=actor)
    attachment.save()
    audit_log(actor=actor, action=Action.UPLOAD, obj=meeting, region=meeting.region,
              note=name)
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    meeting = attachment.meeting
    require(actor, Cap.MANAGE_FORUMS, meeting.region)
    name, storage = attachment.file.name, attachment.file.storage
    audit_log(actor=actor, action=Action.DELETE, obj=meeting, region=meeting.region,
              note=attachment.name)
    attachment.delete()
    if name:  # an attachment always has its file; there is nothing to delete otherwise
        transaction.on_commit(lambda: storage.delete(name))


# --- Challenges -----------------------------------------------------------------------------

def _clean_indicators(keys: Iterable[str]) -> list[str]:
    keys = list(dict.fromkeys(k for k in keys if k))
    unknown = [k for k in keys if k not in INDICATOR_KEYS]
    if unknown:
        raise ValidationError({"indicators": _("Unknown indicator: %(keys)s.")
                               % {"keys": ", ".join(unknown)}})
    return keys


def _challenge_status_dates(challenge: Challenge) -> None:
    if challenge.status == ChallengeStatus.RESOLVED:
        challenge.resolved_at = challenge.resolved_at or timezone.localdate()
    else:
        challenge.resolved_at = None


def _check_challenge_region(challenge: Challenge) -> None:
    if not _within_meeting(challenge.meeting, challenge.region):
        raise ValidationError({"region": _(
            "The region must be the meeting's region or one of its regencies/cities.")})
    if challenge.region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValidationError({"region": _("Challenges are mapped for the province or a "
                                           "regency/city.")})


@transaction.atomic
def challenge_create(*, actor, meeting: Meeting, region: Region, category: str, title: str,
                     description: str = "", indicators: Iterable[str] = (),
                     status: str = ChallengeStatus.OPEN, is_synthetic: bool = False
                     ) -> Challenge:
    require(actor, Cap.MANAGE_FORUMS, meeting.region)
    challenge = Challenge(meeting=meeting, region=region, category=category,
                          title=" ".join(title.split()), description=description,
                          indicators=_clean_indicators(indicators), status=status,
                          is_synthetic=is_synthetic, created_by=actor, updated_by=actor)
    _check_challenge_region(challenge)
    _challenge_status_dates(challenge)
    _clean_and_save(challenge)
    audit_log(actor=actor, action=Action.CREATE, obj=challenge,
              changes=diff(None, snapshot(challenge)))
    return challenge


@transaction.atomic
def challenge_update(*, actor, challenge: Challenge, **fields) -> Challenge:
    require(actor, Cap.MANAGE_FORUMS, challenge.meeting.region)
    if "indicators" in fields:
        fields["indicators"] = _clean_indicators(fields["indicators"])

    def check(changed: Challenge) -> None:
        _check_challenge_region(changed)
        _challenge_status_dates(changed)

    return _change(actor=actor, obj=challenge, fields=fields, allowed=CHALLENGE_FIELDS,
                   check=check, by_field="updated_by")


# --- Action items ---------------------------------------------------------------------------

def _check_action(action: ActionItem) -> None:
    if action.owner_region is None and action.owner_agency is None:
        raise ValidationError({"owner_region": _(
            "Say who owns the action: a region, an agency or both.")})
    if not _within_meeting(action.meeting, action.owner_region):
        raise ValidationError({"owner_region": _(
            "The owner region must be the meeting's region or one of its regencies/cities.")})
    if action.owner_region is not None and action.owner_region.level not in (Level.PROVINCE,
                                                                             Level.REGENCY):
        raise ValidationError({"owner_region": _(
            "Action items are owned by the province or a regency/city.")})
    if action.challenge is not None and not _within_meeting(action.meeting,
                                                            action.challenge.region):
        raise ValidationError({"challenge": _("The challenge belongs to another region's forum.")})


@transaction.atomic
def action_create(*, actor, meeting: Meeting, title: str, due_date: dt.date,
                  owner_region: Region | None = None, owner_agency: Agency | None = None,
                  challenge: Challenge | None = None, description: str = "",
                  is_synthetic: bool = False) -> ActionItem:
    require(actor, Cap.MANAGE_FORUMS, meeting.region)
    action = ActionItem(meeting=meeting, title=" ".join(title.split()), due_date=due_date,
                        owner_region=owner_region, owner_agency=owner_agency,
                        challenge=challenge, description=description,
                        is_synthetic=is_synthetic, created_by=actor)
    _check_action(action)
    _clean_and_save(action)
    audit_log(actor=actor, action=Action.CREATE, obj=action, region=owner_region or meeting.region,
              changes=diff(None, snapshot(action)))
    return action


@transaction.atomic
def action_edit(*, actor, action: ActionItem, **fields) -> ActionItem:
    """Change what was agreed (the action, its owner, its due date): the province's call."""
    require(actor, Cap.MANAGE_FORUMS, action.meeting.region)
    return _change(actor=actor, obj=action, fields=fields, allowed=ACTION_FIELDS,
                   check=_check_action,
                   audit_region=lambda a: a.owner_region or a.meeting.region)


def _check_evidence_record(actor, action: ActionItem, record, label: str) -> None:
    """A linked commitment, allocation or realization must be readable by the actor and belong
    to the action's owner region (when it is a regency/city)."""
    if record is None:
        return
    region = record.region  # a realization's is its allocation's
    if not can_read(actor, region):
        raise ValidationError({label: _("This record is outside your regions.")})
    owner = action.owner_region
    if owner is not None and owner.level != Level.PROVINCE and not region_within(region, owner):
        raise ValidationError({label: _("The evidence must be a record of %(region)s.")
                               % {"region": owner.short_name}})


def _asked_state(action: ActionItem, status: str | None, progress: int | None
                 ) -> tuple[str, int]:
    """The status and progress an update asks for, checked; progress on a planned item
    starts it."""
    new_status = status or action.status
    new_progress = action.progress if progress is None else progress
    if not 0 <= new_progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if new_status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if new_status == action.status == ActionStatus.PLANNED and new_progress > 0:
        new_status = ActionStatus.IN_PROGRESS
    return new_status, new_progress


def _check_transition(actor, action: ActionItem, new_status: str, new_progress: int,
                      comment: str) -> None:
    """The status follows ``TRANSITIONS``; reopening a done item is the province admin's, with
    a comment; blocking needs a comment; a done item's progress does not change."""
    old_status = action.status
    if new_status == old_status:
        if old_status == ActionStatus.DONE and new_progress != action.progress:
            raise ValidationError({"progress": _("The action item is done: reopen it to change "
                                                 "its progress.")})
        return
    if new_status not in TRANSITIONS[old_status]:
        raise ValidationError({"status": _(
            "An action item that is “%(old)s” cannot become “%(new)s”.")
            % {"old": ActionStatus(old_status).label, "new": ActionStatus(new_status).label}})
    if old_status == ActionStatus.DONE:
        if not allows(actor, Cap.MANAGE_FORUMS, action.meeting.region):
            raise ValidationError({"status": _(
                "Only the province reopens a done action item.")})
        if not comment:
            raise ValidationError({"comment": _("Say why the action item is reopened.")})
    if new_status == ActionStatus.BLOCKED and not comment:
        raise ValidationError({"comment": _("Say what blocks the action item.")})


def _evidence_type(evidence_file) -> str:
    """The content type of an evidence file, checked as an attachment ("" without one)."""
    if evidence_file is None:
        return ""
    try:
        return validate_attachment(evidence_file)
    except ValidationError as exc:
        raise ValidationError({"evidence_file": exc.messages}) from exc


def _check_done(action: ActionItem, new_status: str, has_new_evidence: bool) -> None:
    """*Done* needs evidence, on this update or an earlier one."""
    if (new_status == ActionStatus.DONE and action.status != ActionStatus.DONE
            and not has_new_evidence and not any(u.has_evidence for u in action.updates.all())):
        raise ValidationError({"evidence_file": _(
            "Attach evidence (a file, or a commitment, allocation or realization) to mark "
            "the action item done.")})


def _apply_update(action: ActionItem, update: ActionUpdate, today: dt.date) -> None:
    """Save the item's new status and progress (dating *done*) after its timeline entry."""
    old_status = update.status_before
    action.status, action.progress = update.status_after, update.progress_after
    if update.status_after == ActionStatus.DONE and old_status != ActionStatus.DONE:
        action.done_at = today
    elif update.status_after != ActionStatus.DONE:
        action.done_at = None
    action.last_update_at = update.at
    action.save(update_fields=["status", "progress", "done_at", "last_update_at", "updated_at"])


def _update_changes(update: ActionUpdate) -> dict[str, list[object]]:
    """The audit event's changes of an update: status, progress, evidence."""
    changes: dict[str, list[object]] = {}
    if update.status_before != update.status_after:
        changes["status"] = [update.status_before, update.status_after]
    if update.progress_before != update.progress_after:
        changes["progress"] = [update.progress_before, update.progress_after]
    evidence = update.evidence_name or (str(update.linked_record) if update.linked_record else "")
    if evidence:
        changes["evidence"] = [None, evidence]
    return changes


@transaction.atomic
def action_update(*, actor, action: ActionItem, status: str | None = None,
                  progress: int | None = None, comment: str = "", evidence_file=None,
                  commitment=None, allocation=None, realization=None,
                  today: dt.date | None = None) -> ActionUpdate:
    """Record progress on an action item: one timeline entry, the item's status and progress
    changed with it. Rules:

    * the status follows ``TRANSITIONS``; reopening a done item is the province admin's, with
      a comment; blocking needs a comment saying why;
    * *done* needs evidence, on this update or an earlier one, and sets progress to 100 %;
    * progress on a planned item starts it (*in progress*);
    * an update must say something: a comment, a change, or evidence.
    """
    action = ActionItem.objects.select_for_update(of=("self",)).select_related(
        "meeting__region", "owner_region", "owner_agency").get(pk=action.pk)
    if not can_update_action(actor, action):
        raise PermissionDenied
    today = today or timezone.localdate()
    comment = comment.strip()
    old_status, old_progress = action.status, action.progress
    new_status, new_progress = _asked_state(action, status, progress)
    _check_transition(actor, action, new_status, new_progress, comment)
    for record, label in ((commitment, "commitment"), (allocation, "allocation"),
                          (realization, "realization")):
        _check_evidence_record(actor, action, record, label)
    evidence_type = _evidence_type(evidence_file)
    has_new_evidence = bool(evidence_file or commitment or allocation or realization)
    _check_done(action, new_status, has_new_evidence)
    if new_status == ActionStatus.DONE:
        new_progress = 100
    if (new_status == old_status and new_progress == old_progress and not comment
            and not has_new_evidence):
        raise ValidationError(_("Nothing to record: write a comment, change the status or the "
                                "progress, or add evidence."))
    update = ActionUpdate(
        action=action, author=actor, comment=comment, status_before=old_status,
        status_after=new_status, progress_before=old_progress, progress_after=new_progress,
        commitment=commitment, allocation=allocation, realization=realization)
    if evidence_file is not None:
        update.evidence_file = evidence_file
        update.evidence_name = evidence_file.name.rsplit("/", 1)[-1][:255]
        update.evidence_type = evidence_type
    update.save()
    _apply_update(action, update, today)
    audit_log(actor=actor, action=Action.UPDATE, obj=action,
              region=action.owner_region or action.meeting.region,
              changes=_update_changes(update), note=comment[:500])
    return update


# --- Reminders ------------------------------------------------------------------------------

@transaction.atomic
def reminder_emails_set(*, actor, user, enabled: bool) -> None:
    """Turn a user's e-mailed forum reminders on or off: only the user's own preference, and
    on only for a role that updates action items (off is always allowed)."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied
    enabled = bool(enabled)
    if enabled:
        require(actor, Cap.UPDATE_ACTIONS)
    if user.reminder_emails == enabled:
        return
    user.reminder_emails = enabled
    user.save(update_fields=["reminder_emails"])
    audit_log(actor=actor, action=Action.UPDATE, obj=user,
              changes={"reminder_emails": [not enabled, enabled]})
