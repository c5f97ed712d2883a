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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response

from ucj.accounts.scope import readable_regions, visible
from ucj.api import serializers as s
from ucj.api.permissions import SignedIn
from ucj.core.datasets import get_dataset
from ucj.forums import selectors as forum_selectors
from ucj.forums.models import ActionStatus
from ucj.indicators.management.commands.indicators import _json_value
from ucj.indicators.selectors import KEYS, indicators, latest_month
from ucj.regions.models import Level, Region
from ucj.submissions.forms import SubmissionFilterForm
from ucj.submissions.models import State
from ucj.submissions.selectors import region_id_of, states_for, submission_overview

YEARS = (1900, 2200)  # years a filter accepts (larger numbers overflow the database's ints)


def _errors(form_errors) -> dict:
    return {name: [str(e) for e in errors] for name, errors in form_errors.items()}


class ApiMixin:
    """Authentication, permission and throttling come from REST_FRAMEWORK (settings): a token
    or a session, a signed-in active user, the per-token rate."""

    permission_classes = [SignedIn]


# --- regions ------------------------------------------------------------------------------------

LEVELS = [choice for choice, _label in Level.choices]


@extend_schema(parameters=[
    OpenApiParameter("level", str, enum=LEVELS, description="province, regency, …"),
    OpenApiParameter("parent", str, description="the code of the region above"),
    OpenApiParameter("mine", bool, description="only the regions in the user's scope"),
])
class RegionList(ApiMixin, generics.ListAPIView):
    """The region master (Kemendagri codes), as on the regions page."""

    serializer_class = s.RegionSerializer

    def get_queryset(self):
        params = self.request.query_params
        qs = Region.objects.select_related("parent").defer("geometry", "parent__geometry")
        if params.get("mine") in ("true", "1"):
            qs = readable_regions(self.request.user).select_related("parent").defer(
                "parent__geometry")
        level = params.get("level", "")
        if level:
            if level not in LEVELS:
                raise ValidationError({"level": [f"one of {', '.join(LEVELS)}"]})
            qs = qs.filter(level=level)
        if params.get("parent"):
            qs = qs.filter(parent__code=params["parent"])
        return qs.order_by("code")


class RegionDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self):
        return Region.objects.select_related("parent").defer("geometry", "parent__geometry")


# --- indicators ---------------------------------------------------------------------------------

PERIOD = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?")


@extend_schema(parameters=[OpenApiParameter(
    "period", str, pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$",
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
        if region is None:
            raise Http404
        province = region if region.level == Level.PROVINCE else region.parent
        raw = request.query_params.get("period", "")
        match = PERIOD.fullmatch(raw) if raw else None
        if raw and (match is None or not YEARS[0] <= int(match[1]) <= YEARS[1]):
            raise ValidationError({"period": ["a month (YYYY-MM) or a year (YYYY)"]})
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

    from ucj.core.filters import MonthFilter

    if name == "region":
        schema = {"type": "string"}
        description = "a region's code: its records and those of the regions below it"
    elif isinstance(flt, MonthFilter):
        schema = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}
        description = "a month, YYYY-MM"
    elif isinstance(flt, django_filters.NumberFilter):
        schema = {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]} \
            if name == "year" else {"type": "integer", "minimum": 1}
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
        for name, value in params.items():  # the database's integers are bounded
            if name in ("year", "allocation") and value:
                try:
                    number = int(value)
                except ValueError:
                    raise ValidationError({name: ["a whole number"]}) from None
                low, high = YEARS if name == "year" else (1, 2**62)
                if not low <= number <= high:
                    raise ValidationError({name: [f"between {low} and {high}"]})
        filterset = ds.filterset_class(params, queryset=queryset, user=request.user, dataset=ds)
        if not filterset.is_valid():
            raise ValidationError(_errors(filterset.errors))
        try:
            rows = filterset.qs
        except DjangoValidationError as exc:
            raise ValidationError({"filter": exc.messages}) from None
        sort = params.get("sort", "")
        if sort:
            if sort.lstrip("-") not in ds.sortable:
                raise ValidationError({"sort": [f"one of {', '.join(sorted(ds.sortable))}"]})
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

    def get_queryset(self):
        ds = self.dataset
        qs = (ds.model.objects.select_related(*ds.select_related)
              .defer(f"{ds.region_path}__geometry"))
        return visible(self.request.user, qs, path=ds.region_path)

    def get_serializer_class(self):
        return s.SERIALIZERS[self.dataset_slug]

    def states(self, records) -> dict[int, str]:
        ds = self.dataset
        keys = {r.pk: (region_id_of(ds, r), ds.period_key(r)) for r in records}
        found = states_for(ds.slug, set(keys.values()))
        return {pk: (found[key].state if key in found else State.DRAFT)
                for pk, key in keys.items()}


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


def dataset_views(slug: str, label: str):
    """The list and detail views of one dataset, each with its own schema."""
    list_view = extend_schema(summary=f"{label}: list")(
        type(f"{slug.title()}List", (RecordList,), {"dataset_slug": slug,
                                                     "__doc__": RecordList.__doc__}))
    detail_view = extend_schema(summary=f"{label}: one record")(
        type(f"{slug.title()}Detail", (RecordDetail,), {"dataset_slug": slug}))
    return list_view, detail_view


# --- submissions --------------------------------------------------------------------------------

@extend_schema(parameters=[
    OpenApiParameter("dataset", str, enum=list(s.SERIALIZERS)),
    OpenApiParameter("region", str, description="a region's code"),
    OpenApiParameter("period", str, pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$",
                     description="a year (2025, with its months) or a month (2025-06)"),
    OpenApiParameter("state", str, enum=[value for value, _label in State.choices]),
])
class SubmissionList(ApiMixin, generics.ListAPIView):
    """Every region × dataset × period in the user's scope that holds data or has a
    submission, with its state (the submissions page)."""

    serializer_class = s.SubmissionSerializer

    def get_queryset(self):
        form = SubmissionFilterForm(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(_errors(form.errors))
        data = form.cleaned_data
        datasets = [get_dataset(data["dataset"])] if data.get("dataset") else \
            [get_dataset(slug) for slug in s.SERIALIZERS]
        rows = submission_overview(self.request.user, datasets=datasets,
                                   region=data.get("region"), period=data.get("period") or None)
        state = data.get("state")
        return [r for r in rows if r.state == state] if state else rows


# --- forum action items -------------------------------------------------------------------------

@extend_schema(parameters=[
    OpenApiParameter("wilayah", str, description="the owner region's code"),
    OpenApiParameter("instansi", str, description="the owner agency's code"),
    OpenApiParameter("rapat", OpenApiTypes.INT, description="the meeting's id"),
    OpenApiParameter("status", str, enum=ActionStatus.values),
    OpenApiParameter("terlambat", str, enum=["1"], description="overdue only"),
    OpenApiParameter("segera", str, enum=["1"], description="due soon only"),
    OpenApiParameter("q", str, description="title or description contains"),
])
class ActionItemList(ApiMixin, generics.ListAPIView):
    """Action items of the forums the user reads (the action list page, same filters)."""

    serializer_class = s.ActionItemSerializer

    def get_queryset(self):
        from ucj.forums.views.actions import _filtered

        rapat = self.request.query_params.get("rapat", "")
        if rapat and (not rapat.isdigit() or int(rapat) > 2**62):
            raise ValidationError({"rapat": ["a meeting's id"]})
        items, _scoped, _params = _filtered(self.request, timezone.localdate())
        return items


class ActionItemDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.ActionItemSerializer

    def get_queryset(self):
        return forum_selectors.actions(self.request.user)
