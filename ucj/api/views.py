"""The read endpoints of /api/v1/. Every queryset goes through the scoping helper
(``ucj.accounts.scope``) exactly as the pages do, and the lists take the pages' filters:

* regions: the region master (reference data, every signed-in user, as the region pages);
* indicators of a province or regency for a month: aggregates, every signed-in user (peer
  comparison is the point of monev; ``scope.py``), 404 for an unknown region or a district;
* the five datasets: records in the user's scope (``visible()``), another region's → 404;
  the list filters are the dataset's own ``filterset_class`` (the same as ``/data/<slug>/``);
* submissions: the submissions page's overview (``submission_overview``) and its filter form;
* forum action items: those of the meetings the user reads (``selectors.actions``), with the
  action list's filters.

Base classes for what comes next (writes, the BPJS exchange): ``ApiView`` (authentication,
permission, throttling, errors) and ``DatasetMixin`` (one dataset's scoped queryset).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response

from ucj.accounts.scope import (
    DATASET_CAPS,
    aggregates_q,
    can_read_aggregates,
    readable_regions,
    visible,
)
from ucj.api import serializers as s
from ucj.api import writes
from ucj.api.params import DeclaredQueryBackend, check_query, one_of, param
from ucj.api.permissions import HasCap, SignedIn
from ucj.core.datasets import get_dataset
from ucj.core.filters import MonthFilter
from ucj.forums import selectors as forum_selectors
from ucj.forums.models import ActionStatus
from ucj.forums.views.actions import _filtered
from ucj.indicators.management.commands.indicators import _json_value
from ucj.indicators.selectors import KEYS, indicators, latest_month
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region
from ucj.submissions.forms import SubmissionFilterForm
from ucj.submissions.models import State
from ucj.submissions.selectors import approval_labels, submission_overview

YEARS = (2000, 2100)  # years a filter accepts (as the pages' month parser)
MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"
PERIOD_PATTERN = r"^20\d{2}(-(0[1-9]|1[0-2]))?$"
REGION_PARAM = {"type": "string", "pattern": r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"}


def _errors(form_errors) -> dict:
    return {name: [str(e) for e in errors] for name, errors in form_errors.items()}


class ApiMixin:
    """Authentication, permission and throttling come from REST_FRAMEWORK (settings): a token
    or a session, a signed-in active user, the per-token rate."""

    permission_classes = [SignedIn]


# --- regions ------------------------------------------------------------------------------------

LEVELS = [choice for choice, _label in Level.choices]


class RegionList(ApiMixin, generics.ListAPIView):
    """The region master (Kemendagri codes), as on the regions page."""

    serializer_class = s.RegionSerializer
    filter_backends = [DeclaredQueryBackend]
    query_parameters = [
        param("level", {"type": "string", "enum": LEVELS}, "province, regency, …"),
        param("parent", {"type": "string"}, "the code of the region above"),
        param("mine", {"type": "boolean"}, "only the regions in the user's scope"),
    ]

    def get_queryset(self):
        params = self.request.query_params
        qs = (Region.objects.filter(aggregates_q(self.request.user, path=""))
              .select_related("parent").defer("geometry", "parent__geometry"))
        if params.get("mine") == "true":
            qs = readable_regions(self.request.user).select_related("parent").defer(
                "parent__geometry")
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("parent"):
            qs = qs.filter(parent__code=params["parent"])
        return qs.order_by("code")


class RegionDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self):
        return (Region.objects.filter(aggregates_q(self.request.user, path=""))
                .select_related("parent").defer("geometry", "parent__geometry"))


# --- indicators ---------------------------------------------------------------------------------

PERIOD = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?")


@extend_schema(parameters=[OpenApiParameter(
    "period", str, pattern=PERIOD_PATTERN,
    description="a month (YYYY-MM) or a year (YYYY: its latest month with participation "
                "figures); default: the latest month")],
    responses=s.IndicatorsSerializer)
class RegionIndicators(ApiMixin, generics.GenericAPIView):
    """Every indicator of a province or regency for a month: the keys and values of
    ``manage.py indicators --format json`` (ratios as plain numbers, money in Rupiah, no
    data as null)."""

    serializer_class = s.IndicatorsSerializer

    def get(self, request, code: str):
        region = (Region.objects.filter(code=code, level__in=(Level.PROVINCE, Level.REGENCY))
                  .select_related("parent").defer("geometry", "parent__geometry").first())
        if region is None or not can_read_aggregates(request.user, region):
            raise Http404
        province = province_of(region)
        raw = request.query_params.get("period")
        match = PERIOD.fullmatch(raw) if raw is not None else None
        if raw is not None and (match is None or not re.match(PERIOD_PATTERN, raw)):
            raise ValidationError({"period": [_(
                "Parameter “period”: a month (YYYY-MM) or a year (YYYY).")]})
        if match and match[2]:
            month = dt.date(int(match[1]), int(match[2]), 1)
        else:
            month = latest_month(province, int(match[1]) if match else None)
            if month is None:
                raise Http404  # no participation figures in that year
        values = indicators(region, month)
        return Response({"region": region.code, "name": region.name,
                         "period": f"{month:%Y-%m}",
                         "indicators": {key: _json_value(values[key]) for key in KEYS}})


# --- the five datasets --------------------------------------------------------------------------

def _param_schema(name: str, flt) -> dict:
    import django_filters


    if name == "region":
        schema = REGION_PARAM
        description = ("a region's code: its records and those of the regions below it "
                       "(outside the user's regions: 404)")
    elif isinstance(flt, MonthFilter):
        schema = {"type": "string", "pattern": MONTH_PATTERN}
        description = "a month, YYYY-MM"
    elif isinstance(flt, django_filters.NumberFilter):
        schema = {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]} \
            if name == "year" else {"type": "integer", "minimum": 1, "maximum": 2**62}
        description = str(flt.label or name)
    elif isinstance(flt, django_filters.BooleanFilter):
        schema = {"type": "boolean"}
        description = str(flt.label or name)
    elif isinstance(flt, django_filters.ChoiceFilter):
        schema = {"type": "string", "enum": [str(c[0]) for c in flt.extra["choices"]]}
        description = str(flt.label or name)
    else:
        schema = {"type": "string"}
        description = str(flt.label or name)
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


class DatasetFilterBackend(BaseFilterBackend):
    """The dataset's own filter set (the list page's), and its sort keys (``?sort=-amount``)."""

    def filter_queryset(self, request, queryset, view):
        ds = view.dataset
        params = request.query_params
        check_query(self.get_schema_operation_parameters(view), params)
        filterset = ds.filterset_class(params, queryset=queryset, user=request.user, dataset=ds)
        if not filterset.is_valid():
            if set(filterset.errors) == {"region"}:
                raise Http404  # a region outside the user's scope is not revealed
            raise ValidationError(_errors(filterset.errors))
        try:
            rows = filterset.qs
        except DjangoValidationError as exc:
            raise ValidationError({"filter": exc.messages}) from None
        sort = params.get("sort", "")
        if sort:
            if sort.lstrip("-") not in ds.sortable:
                raise ValidationError({"sort": [one_of("sort", sorted(ds.sortable))]})
            return rows.order_by(sort, "pk")
        return rows.order_by(*ds.default_sort, "pk")

    def get_schema_operation_parameters(self, view):
        ds = view.dataset
        params = [_param_schema(name, flt)
                  for name, flt in ds.filterset_class.base_filters.items()]
        keys = sorted(ds.sortable)
        params.append({"name": "sort", "in": "query", "required": False,
                       "schema": {"type": "string",
                                  "enum": keys + [f"-{k}" for k in keys]},
                       "description": "sort by a column (descending with -)"})
        return params


class DatasetMixin(ApiMixin):
    """One dataset's records in the user's scope (``visible()``, like ``/data/<slug>/``)."""

    dataset_slug = ""

    @property
    def dataset(self):
        return get_dataset(self.dataset_slug)

    @property
    def region_path(self) -> str:
        return self.dataset.region_path

    def get_object(self):
        pk = self.kwargs.get("pk", "")
        if not (pk.isdigit() and len(pk) <= 18):  # any id answers a JSON 404, never a 500
            raise Http404
        return super().get_object()

    def get_queryset(self):
        ds = self.dataset
        qs = (ds.model.objects.select_related(*ds.select_related)
              .defer(f"{ds.region_path}__geometry"))
        return visible(self.request.user, qs, path=ds.region_path)

    def get_serializer_class(self):
        return s.SERIALIZERS[self.dataset_slug]

    def states(self, records) -> dict[int, str]:
        return approval_labels(self.dataset, records)


class RecordList(DatasetMixin, generics.ListAPIView):
    filter_backends = [DatasetFilterBackend]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer(page, many=True,
                                         context={**self.get_serializer_context(),
                                                  "states": self.states(page)})
        return self.get_paginated_response(serializer.data)


class RecordDetail(DatasetMixin, generics.RetrieveAPIView):
    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()  # outside the user's scope: 404
        serializer = self.get_serializer(record, context={**self.get_serializer_context(),
                                                          "states": self.states([record])})
        return Response(serializer.data)


# --- writes of the five datasets (ucj/api/writes.py) ---------------------------------------------

class WritableMixin:
    """Reads for every signed-in user; writes need the dataset's write capability (403),
    and a record in the user's regions (404, the scoped queryset; then ``HasCap`` there)."""

    def get_permissions(self):
        from rest_framework.permissions import SAFE_METHODS


        method = self.request.method if self.request is not None else "GET"
        if method not in SAFE_METHODS and hasattr(self, method.lower()):  # else: 405
            return [SignedIn(), HasCap(DATASET_CAPS[self.dataset_slug])()]
        return [SignedIn()]


class WritableRecordList(WritableMixin, RecordList):
    def post(self, request, *args, **kwargs):

        return writes.idempotent(request, lambda: writes.write(self, request))


class WritableRecordDetail(WritableMixin, RecordDetail):
    def put(self, request, *args, **kwargs):

        return writes.idempotent(request, lambda: writes.write(self, request, self.get_object()))

    def patch(self, request, *args, **kwargs):

        return writes.idempotent(request, lambda: writes.write(
            self, request, self.get_object(), partial=True))

    def delete(self, request, *args, **kwargs):

        return writes.idempotent(request, lambda: writes.delete(self, request,
                                                                self.get_object()))


def _write_schema(slug: str, label: str):
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse


    body = writes.input_serializer(get_dataset(slug))
    read = s.SERIALIZERS[slug]
    key = OpenApiParameter(
        "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
        description="the same key with the same request (for a day) replays the first "
                    "answer; with another request: 422")
    errors = {
        400: OpenApiResponse(description="values refused, by field (Indonesian messages)"),
        409: OpenApiResponse(writes.WarningsSerializer, description=(
            "warnings to confirm (send again with confirm_warnings: true), or the period is "
            "submitted/approved and locked")),
        413: OpenApiResponse(description="the body is over the upload limit "
                                         "(DATA_UPLOAD_MAX_MEMORY_SIZE)"),
        422: OpenApiResponse(description="the Idempotency-Key was used with another request"),
    }
    return {
        "post": extend_schema(summary=f"{label}: create", request=body, parameters=[key],
                              responses={201: read, **errors}),
        "put": extend_schema(summary=f"{label}: replace", request=body, parameters=[key],
                             responses={200: read, **errors}),
        "patch": extend_schema(summary=f"{label}: change some fields", request=body,
                               parameters=[key], responses={200: read, **errors}),
        "delete": extend_schema(summary=f"{label}: delete", parameters=[key],
                                responses={204: None, 409: errors[409], 422: errors[422]}),
    }


def dataset_views(slug: str, label: str):
    """The list and detail views of one dataset (reads and writes), each with its schema."""
    from drf_spectacular.utils import extend_schema_view

    schemas = _write_schema(slug, label)
    list_view = extend_schema_view(
        get=extend_schema(summary=f"{label}: list"), post=schemas["post"])(
        type(f"{slug.title()}List", (WritableRecordList,),
             {"dataset_slug": slug, "__doc__": RecordList.__doc__}))
    detail_view = extend_schema_view(
        get=extend_schema(summary=f"{label}: one record"), put=schemas["put"],
        patch=schemas["patch"], delete=schemas["delete"])(
        type(f"{slug.title()}Detail", (WritableRecordDetail,), {"dataset_slug": slug}))
    return list_view, detail_view


# --- submissions --------------------------------------------------------------------------------

class SubmissionList(ApiMixin, generics.ListAPIView):
    """Every region × dataset × period in the user's scope that holds data or has a
    submission, with its state (the submissions page)."""

    serializer_class = s.SubmissionSerializer
    filter_backends = [DeclaredQueryBackend]
    query_parameters = [
        param("dataset", {"type": "string", "enum": list(s.SERIALIZERS)}),
        param("region", REGION_PARAM, "a region's code (outside the user's regions: 404)"),
        param("period", {"type": "string", "pattern": PERIOD_PATTERN},
              "a year (2025, with its months) or a month (2025-06)"),
        param("state", {"type": "string", "enum": State.values}),
    ]

    def get_queryset(self):
        check_query(self.query_parameters, self.request.query_params)
        form = SubmissionFilterForm(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            if set(form.errors) == {"region"}:
                raise Http404  # a region outside the user's scope is not revealed
            raise ValidationError(_errors(form.errors))
        data = form.cleaned_data
        datasets = [get_dataset(data["dataset"])] if data.get("dataset") else \
            [get_dataset(slug) for slug in s.SERIALIZERS]
        rows = submission_overview(self.request.user, datasets=datasets,
                                   region=data.get("region"), period=data.get("period") or None)
        state = data.get("state")
        return [r for r in rows if r.state == state] if state else rows


# --- forum action items -------------------------------------------------------------------------

class ActionItemList(ApiMixin, generics.ListAPIView):
    """Action items of the forums the user reads (the action list page, same filters)."""

    serializer_class = s.ActionItemSerializer
    filter_backends = [DeclaredQueryBackend]
    query_parameters = [
        param("wilayah", {"type": "string"}, "the owner region's code"),
        param("instansi", {"type": "string"}, "the owner agency's code"),
        param("rapat", {"type": "integer", "minimum": 1, "maximum": 2**62}, "the meeting's id"),
        param("status", {"type": "string", "enum": ActionStatus.values}),
        param("terlambat", {"type": "string", "enum": ["1"]}, "overdue only"),
        param("segera", {"type": "string", "enum": ["1"]}, "due soon only"),
        param("q", {"type": "string"}, "title or description contains"),
    ]

    def get_queryset(self):

        check_query(self.query_parameters, self.request.query_params)
        items, _scoped, _params = _filtered(self.request, timezone.localdate())
        return items


class ActionItemDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.ActionItemSerializer

    def get_object(self):
        pk = self.kwargs.get("pk", "")
        if not (pk.isdigit() and len(pk) <= 18):
            raise Http404
        return super().get_object()

    def get_queryset(self):
        return forum_selectors.actions(self.request.user)
