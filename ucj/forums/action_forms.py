"""Forms of the action-item pages. They only parse input: the services
(``ucj.forums.services.action_create/action_edit/action_update``) validate and write, and
their errors come back onto these fields (``attach_service_errors``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ucj.accounts.scope import Cap, allows, visible
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.core.formatting import format_decimal, format_month, format_rupiah
from ucj.core.forms import CHOOSE_LABEL
from ucj.forums.models import TRANSITIONS, ActionItem, ActionStatus, Agency, Challenge, Meeting
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Level, Region

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
# The service's error keys for a linked record, shown on the one evidence select.
EVIDENCE_KINDS = ("commitment", "allocation", "realization")


def attach_service_errors(form: forms.Form, error: ValidationError, renames: dict | None = None
                          ) -> None:
    """A service's ValidationError on the form: on its field when the form has it (after
    ``renames``), else above the form."""
    renames = renames or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = renames.get(field, field)
            for item in errors:
                form.add_error(target if target in form.fields else None, item)
    else:
        form.add_error(None, error)


class ActionForm(forms.Form):
    """What a meeting agreed: the action, its owner, its due date (the province admin)."""

    title = forms.CharField(label=pgettext_lazy("action item", "Action"), max_length=200,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    challenge = forms.ModelChoiceField(
        label=_("Challenge it answers"), required=False, queryset=Challenge.objects.none(),
        empty_label=_("— none —"))
    owner_region = forms.ModelChoiceField(
        label=_("Owner region"), required=False, to_field_name="code",
        queryset=Region.objects.none(), empty_label=CHOOSE_LABEL)
    owner_agency = forms.ModelChoiceField(
        label=_("Owner agency"), required=False, to_field_name="code",
        queryset=Agency.objects.all(), empty_label=CHOOSE_LABEL,
        help_text=_("A region, an agency, or an agency of a region (e.g. a regency's "
                    "BPKAD)."))
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET,
                               input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])

    def __init__(self, *args, meeting: Meeting, action: ActionItem | None = None, **kwargs):
        if action is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "title": action.title, "description": action.description,
                "challenge": action.challenge_id, "due_date": action.due_date,
                "owner_region": action.owner_region.code if action.owner_region_id else None,
                "owner_agency": action.owner_agency.code if action.owner_agency_id else None}
        super().__init__(*args, **kwargs)
        code = meeting.region.code
        # The meeting's own challenges, and the open ones of the regions of its forum.
        challenges = Q(meeting=meeting) | (within_q(code) & ~Q(status="resolved"))
        if action is not None and action.challenge_id:
            challenges |= Q(pk=action.challenge_id)
        self.fields["challenge"].queryset = (
            Challenge.objects.filter(challenges).select_related("region")
            .defer("region__geometry").order_by("region__code", "-meeting__date", "id"))
        self.fields["challenge"].label_from_instance = (
            lambda c: f"{c.region.short_name} · {c.title}")
        self.fields["owner_region"].queryset = (
            Region.objects.filter(within_q(code, path=""), level__in=[Level.PROVINCE, Level.REGENCY])
            .defer("geometry").order_by("code"))
        self.fields["owner_region"].label_from_instance = lambda r: f"{r.code} {r.name}"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "description": data["description"],
                "challenge": data["challenge"], "owner_region": data["owner_region"],
                "owner_agency": data["owner_agency"], "due_date": data["due_date"]}


# --- the update form ---------------------------------------------------------------------------

def status_choices(user, action: ActionItem) -> list[tuple[str, str]]:
    """The current status and those that may follow it (reopening a done item is the
    province admin's)."""
    current = action.status
    allowed = set(TRANSITIONS[current])
    if current == ActionStatus.DONE and not allows(user, Cap.MANAGE_FORUMS,
                                                   action.meeting.region):
        allowed = set()
    return [(value, label) for value, label in ActionStatus.choices
            if value == current or value in allowed]


def commitment_label(c: Commitment, *, region: bool) -> str:
    target = format_decimal(c.target_coverage, 2)
    text = _("Commitment %(year)s · target %(target)s%%") % {
        "year": c.year, "target": target[:-3] if target[-2:] == "00" else target}
    return f"{c.region.short_name} · {text}" if region else text


def _source(a: Allocation) -> str:
    """The fund, and whose money when the fund does not say it (DBHCHT)."""
    if a.funding_source == "dbhcht":
        return f"{a.get_funding_source_display()} ({a.get_payer_display()})"
    return str(a.get_funding_source_display())


def allocation_label(a: Allocation, *, region: bool) -> str:
    text = _("Allocation %(stage)s %(year)s · %(source)s · %(amount)s") % {
        "stage": a.get_stage_display(), "year": a.fiscal_year,
        "source": _source(a), "amount": format_rupiah(a.amount)}
    return f"{a.region.short_name} · {text}" if region else text


def realization_label(r: Realization, *, region: bool) -> str:
    a = r.allocation
    text = _("Realization %(month)s · %(stage)s %(year)s %(source)s · %(amount)s") % {
        "month": format_month(r.month), "stage": a.get_stage_display(), "year": a.fiscal_year,
        "source": _source(a), "amount": format_rupiah(r.amount_paid)}
    return f"{a.region.short_name} · {text}" if region else text


def record_label(record, *, region: bool = True) -> str:
    if isinstance(record, Commitment):
        return commitment_label(record, region=region)
    if isinstance(record, Allocation):
        return allocation_label(record, region=region)
    return realization_label(record, region=region)


def evidence_records(user, action: ActionItem) -> dict[str, list]:
    """The records an update may link as evidence: the commitments, allocations and
    realizations of the owner region (for a province or agency-only item: of the meeting's
    region) that the user may read, from the year before the meeting on (three queries)."""
    owner = action.owner_region
    code = owner.code if owner is not None and owner.level != Level.PROVINCE \
        else action.meeting.region.code
    since = action.meeting.date.year - 1
    commitments = visible(user, Commitment.objects.select_related("region")
                          .defer("region__geometry")
                          .filter(within_q(code), year__gte=since)
                          .order_by("-year", "region__code"))
    allocations = visible(user, Allocation.objects.select_related("region")
                          .defer("region__geometry")
                          .filter(within_q(code), fiscal_year__gte=since)
                          .order_by("-fiscal_year", "region__code", "stage", "funding_source"))
    realizations = visible(user, Realization.objects.select_related("allocation__region")
                           .defer("allocation__region__geometry")
                           .filter(within_q(code, path="allocation__region"),
                                   allocation__fiscal_year__gte=since)
                           .order_by("-month", "allocation__region__code"),
                           path="allocation__region")
    return {"commitment": list(commitments), "allocation": list(allocations),
            "realization": list(realizations)}


class ActionUpdateForm(forms.Form):
    """One timeline entry: a status, a progress, a comment, evidence."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5,
                                        "list": "progress-steps", "class": "progress-input"}))
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What was done, what is next, what blocks it."))
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("PDF, PNG or JPEG: a letter, a signed decree, minutes, a photo."))
    evidence = forms.ChoiceField(label=_("Or a record of the system as evidence"),
                                 required=False)

    def __init__(self, *args, user, action: ActionItem, records: dict[str, list], **kwargs):
        kwargs.setdefault("initial", {"status": action.status, "progress": action.progress})
        super().__init__(*args, **kwargs)
        self.action = action
        # Every status is accepted here, so that a transition TRANSITIONS forbids gets the
        # service's message; the select offers only the allowed ones.
        self.fields["status"].widget.choices = status_choices(user, action)
        with_region = len({r.region.pk for group in records.values() for r in group}) > 1
        self._records = {f"{kind}:{r.pk}": (kind, r) for kind, group in records.items()
                         for r in group}
        groups = [(label, [(f"{kind}:{r.pk}", record_label(r, region=with_region))
                           for r in records[kind]])
                  for kind, label in (("commitment", _("Commitments")),
                                      ("allocation", _("Budget allocations")),
                                      ("realization", _("Realizations")))
                  if records[kind]]
        self.fields["evidence"].choices = [("", _("— none —")), *groups]
        if not groups:
            self.fields["evidence"].help_text = _(
                "No commitment, allocation or realization of this region that you may read.")

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        return upload or None

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"status": data["status"], "progress": data["progress"],
                  "comment": data["comment"], "evidence_file": data["evidence_file"]}
        chosen = self._records.get(data.get("evidence") or "")
        if chosen is not None:
            kind, record = chosen
            kwargs[kind] = record
        return kwargs
