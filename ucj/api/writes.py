"""Writes of the five datasets: POST on the list creates, PUT/PATCH on the detail updates,
DELETE deletes, through the same forms and services as the pages (``/data/<slug>/…``):

* the JSON body is read by the dataset's page form (the same parsing and Indonesian messages;
  regions and packages by their code), the service validates, saves and audits;
* 400: the form or the service refused values, by field (``non_field_errors`` otherwise);
* 409: plausibility warnings (``warnings``; send again with ``confirm_warnings: true``) or
  the period's submission is submitted/approved (locked, as on the pages);
* 403: the role does not write this dataset (``HasCap``); 404: a record outside the user's
  regions (the scoped queryset, as for reads);
* ``Idempotency-Key``: see ``idempotent``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from types import SimpleNamespace

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from ucj.api.models import IdempotencyKey
from ucj.api.serializers import SERIALIZERS
from ucj.budget.models import ContributionPackage
from ucj.core.fields import MonthField, PercentField, WholeNumberField
from ucj.core.services import ConfirmationRequired
from ucj.regions.models import Region
from ucj.submissions.services import ensure_editable

IDEMPOTENCY_TTL = dt.timedelta(days=1)
CODE_FIELDS = {"region": Region, "package": None}  # given by their code in the API


class Conflict(Exception):
    """A 409 answer: warnings to confirm, or a locked period (its body keeps its types)."""

    def __init__(self, body: dict):
        super().__init__(body.get("detail", ""))
        self.body = body


def answer(fn) -> Response:
    try:
        return fn()
    except Conflict as exc:
        return Response(exc.body, status=status.HTTP_409_CONFLICT)


def unknown_field(name: str) -> str:
    return _("Unknown field “%(field)s”.") % {"field": name}


def needs_confirmation(warnings: list[str]) -> dict:
    """The 409 body of values that are valid but look implausible (the pages' warnings)."""
    return {"detail": _("The values look implausible: check the warnings and send again with "
                        "\"confirm_warnings\": true."),
            "code": "confirmation_required", "warnings": warnings}


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("This Idempotency-Key was used with another request; use a "
                                  "new key for a new request.")
    default_code = "idempotency_key_reused"


# --- the body → the page's form -----------------------------------------------------------------

def _code_to_pk(name: str, value):
    if value in (None, ""):
        return ""
    if name == "region":
        found = Region.objects.filter(code=str(value)).values_list("pk", flat=True).first()
    else:

        found = ContributionPackage.objects.filter(code=str(value)).values_list("pk", flat=True).first()
    return found if found is not None else "0"  # unknown: the form's "not a valid choice"


def form_data(ds, body: dict, *, record=None, user=None) -> dict:
    """The form data of a request: the body's values over the record's current ones (PATCH)
    or over the defaults the page's empty form shows (POST, PUT: e.g. status "planned")."""
    if not isinstance(body, dict):
        raise ValidationError({"non_field_errors": [_("The body must be a JSON object.")]})
    form = ds.form_class(instance=record, user=user, dataset=ds)
    read_only = set(_read_serializer(ds).Meta.fields) | {"confirm_warnings", "id"}
    unknown = sorted(k for k in body if k not in form.fields and k not in read_only)
    if unknown:
        raise ValidationError({k: [unknown_field(k)] for k in unknown})
    data = {}
    for name, field in form.fields.items():  # the record's values, or the new form's defaults
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        data[name] = "" if value is None else value
    for name, value in body.items():
        if name not in form.fields or isinstance(form.fields[name], forms.FileField):
            continue
        if isinstance(value, (dict, list)):
            raise ValidationError({name: [_("“%(field)s” takes a single value, not a list "
                                            "or an object.") % {"field": name}]})
        data[name] = _code_to_pk(name, value) if name in CODE_FIELDS else \
            ("" if value is None else value)
    return data


def _read_serializer(ds):

    return SERIALIZERS[ds.slug]


def _confirm(body) -> bool:
    value = body.get("confirm_warnings", False) if isinstance(body, dict) else False
    return value is True or value in ("true", "1", 1)


def _errors(form_errors) -> dict:
    return {("non_field_errors" if name == "__all__" else name): [str(e) for e in errors]
            for name, errors in form_errors.items()}


def _refuse_if_locked(ds, region, period: str) -> None:
    try:
        ensure_editable(region=region, dataset=ds.slug, period=period)
    except DjangoValidationError as exc:
        raise Conflict({"detail": " ".join(exc.messages), "code": "locked",
                        "locked": True}) from None


def _target(ds, cleaned: dict):
    """The region and period key a form's values write to (before the service runs)."""
    if "allocation" in cleaned and cleaned.get("allocation") is not None:
        region = cleaned["allocation"].region
    else:
        region = cleaned.get("region")
    period = cleaned.get(ds.period_field)
    if region is None or period is None:
        return None, None
    return region, ds.period_key(SimpleNamespace(**{ds.period_field: period}))


def write(view, request, record=None, *, partial=False):
    """Create (``record`` None) or update a record; the answer as the read endpoints give it."""
    ds = view.dataset
    body = request.data
    data = form_data(ds, body, record=record if partial else None, user=request.user)
    if record is not None:
        _refuse_if_locked(ds, record.region, ds.period_key(record))
    form = ds.form_class(data, {}, instance=record, user=request.user, dataset=ds)
    if not form.is_valid():
        raise ValidationError(_errors(form.errors))
    region, period = _target(ds, form.cleaned_data)
    if region is not None:
        _refuse_if_locked(ds, region, period)
    confirm = _confirm(body)
    try:
        if record is None:
            saved = ds.create(actor=request.user, confirm_warnings=confirm,
                              **form.service_kwargs())
        else:
            saved = ds.update(actor=request.user, confirm_warnings=confirm,
                              **{ds.instance_kwarg: record}, **form.service_kwargs())
    except ConfirmationRequired as exc:
        raise Conflict(needs_confirmation(exc.warnings)) from None
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(_errors(exc.message_dict)) from None
        raise ValidationError({"non_field_errors": exc.messages}) from None
    saved = view.get_queryset().get(pk=saved.pk)
    serializer = view.get_serializer(saved, context={**view.get_serializer_context(),
                                                     "states": view.states([saved])})
    return Response(serializer.data,
                    status=status.HTTP_201_CREATED if record is None else status.HTTP_200_OK)


def delete(view, request, record):
    ds = view.dataset
    _refuse_if_locked(ds, record.region, ds.period_key(record))
    try:
        ds.delete(actor=request.user, **{ds.instance_kwarg: record})
    except DjangoValidationError as exc:
        raise Conflict({"detail": " ".join(exc.messages), "code": "conflict"}) from None
    return Response(status=status.HTTP_204_NO_CONTENT)


# --- idempotency keys ---------------------------------------------------------------------------

def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _fingerprint(request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # a multipart form: its fields, and its files by their bytes
        files = request.FILES
        data = {name: [(f.name, _file_digest(f)) if name in files else f for f in values]
                for name, values in data.lists()}
    try:
        body = json.dumps(data, sort_keys=True, default=str)
    except TypeError:
        body = repr(data)
    raw = f"{request.method}\n{request.path}\n{body}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _replay(found: IdempotencyKey, fingerprint: str) -> Response:
    if found.fingerprint != fingerprint:
        raise KeyReused
    response = Response(found.body, status=found.status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request, handler) -> Response:
    """Run a write once per ``Idempotency-Key`` (per user, for a day): the same key and the
    same request (method, path, body) replay the stored answer; another request with that
    key answers 422. The key row is written in the write's own transaction, so two requests
    racing with one key write once: the second one hits the key's unique constraint (or the
    record's natural key, or the first one's row lock), rolls back and replays. A second one
    that runs its write only after the first committed is refused by what the first wrote
    (the record taken: 400; gone: 404): a refusal looks for the key again, and replays it.
    tests/test_api_idempotency_race.py (PostgreSQL) races both ways."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return answer(handler)
    if not key or len(key) > 255:
        raise ValidationError({"Idempotency-Key": [
            _("The Idempotency-Key header must have 1 to 255 characters.")]})
    user = request.user
    # this key, if expired, is forgotten (the others are purged by housekeeping)
    IdempotencyKey.objects.filter(user=user, key=key,
                                  created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()
    fingerprint = _fingerprint(request)
    found = IdempotencyKey.objects.filter(user=user, key=key).first()
    if found is not None:
        return _replay(found, fingerprint)
    try:
        with transaction.atomic():
            response = answer(handler)
            if 200 <= response.status_code < 300:
                IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint,
                                              status=response.status_code,
                                              body=response.data)
    except IntegrityError:  # the racing request stored the key (or the record) first
        found = IdempotencyKey.objects.filter(user=user, key=key).first()
        if found is None:
            raise
        return _replay(found, fingerprint)
    except (APIException, Http404, PermissionDenied, DjangoValidationError):
        # refused, perhaps because a request racing with this key wrote meanwhile (the
        # record is taken, or gone): then its answer is this request's answer too
        found = IdempotencyKey.objects.filter(user=user, key=key).first()
        if found is not None:
            return _replay(found, fingerprint)
        raise
    if response.status_code >= 300:
        found = IdempotencyKey.objects.filter(user=user, key=key).first()
        if found is not None:
            return _replay(found, fingerprint)
    return response


def purge_idempotency_keys(now=None) -> int:
    """Housekeeping (``ucj.core.housekeeping.JOBS``): delete the keys older than a day (the
    writes also skip them lazily)."""
    now = now or timezone.now()
    return IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_TTL).delete()[0]


# --- the schema of a write's body -----------------------------------------------------------------

def input_serializer(ds):
    """A serializer describing the JSON body (for the schema only: the form reads it)."""
    form_cls = ds.form_class
    attrs = {}
    for name, field in form_cls.base_fields.items():
        required = field.required
        kwargs = {"required": required, "help_text": str(field.label or name)}
        if not required:
            kwargs["allow_null"] = True
        if name in CODE_FIELDS:
            out = serializers.CharField(**{**kwargs, "help_text": f"{field.label}: its code"})
        elif isinstance(field, forms.FileField):
            continue
        elif isinstance(field, forms.ModelChoiceField):
            out = serializers.IntegerField(**{**kwargs, "help_text": f"{field.label}: its id"})
        elif isinstance(field, (forms.IntegerField, WholeNumberField)):
            bounds = {k: getattr(field, k, None) for k in ("min_value", "max_value")}
            out = serializers.IntegerField(**kwargs, **{k: v for k, v in bounds.items()
                                                       if v is not None})
        elif isinstance(field, PercentField):
            out = serializers.DecimalField(max_digits=7, decimal_places=4, coerce_to_string=False,
                                           **kwargs)
        elif isinstance(field, MonthField):
            out = serializers.RegexField(r"^\d{4}-\d{2}$", **{**kwargs,
                                         "help_text": f"{field.label} (YYYY-MM)"})
        elif isinstance(field, forms.DateField):
            out = serializers.DateField(**kwargs)
        elif isinstance(field, forms.BooleanField):
            out = serializers.BooleanField(**{k: v for k, v in kwargs.items()
                                              if k != "allow_null"})
        elif isinstance(field, forms.ChoiceField):
            choices = [c for c, _l in field.choices if c != ""]
            out = serializers.ChoiceField(choices=choices, **kwargs)
        else:
            out = serializers.CharField(allow_blank=True, **kwargs)
        attrs[name] = out
    attrs["confirm_warnings"] = serializers.BooleanField(
        required=False, help_text="true: save although the values raise warnings (409)")
    return type(f"{ds.slug.title()}Write", (serializers.Serializer,), attrs)


class WarningsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=["confirmation_required", "locked", "conflict"],
                                   help_text="stable, for programs (the detail is for people)")
    warnings = serializers.ListField(child=serializers.CharField(), required=False)
    locked = serializers.BooleanField(required=False)
