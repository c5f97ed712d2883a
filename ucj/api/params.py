"""Query parameters declared once, as OpenAPI parameter objects: the schema shows them and
the API checks every request against them (400 naming the parameter), so what the schema
calls invalid is refused, never silently ignored as the pages' forgiving filters do."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


def param(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def one_of(name: str, choices) -> str:
    return _("Parameter “%(name)s”: one of %(choices)s.") % {
        "name": name, "choices": ", ".join(map(str, choices))}


def check_query(declared: list[dict], query) -> None:
    """Raise a 400 unless every declared parameter present in ``query`` fits its schema."""
    errors: dict[str, list[str]] = {}
    for spec in declared:
        name, schema = spec["name"], spec["schema"]
        if name not in query:
            continue
        value = query.get(name)
        kind = schema.get("type", "string")
        if kind == "integer":
            if not re.fullmatch(r"-?\d{1,19}", value):
                errors[name] = [_("Parameter “%(name)s”: a whole number.") % {"name": name}]
                continue
            number = int(value)
            low, high = schema.get("minimum"), schema.get("maximum")
            if (low is not None and number < low) or (high is not None and number > high):
                errors[name] = [_("Parameter “%(name)s”: between %(low)s and %(high)s.") % {
                    "name": name, "low": low, "high": high}]
        elif kind == "boolean":
            if value not in ("true", "false"):
                errors[name] = [_("Parameter “%(name)s”: true or false.") % {"name": name}]
        elif "enum" in schema and value not in schema["enum"]:
            errors[name] = [one_of(name, schema["enum"])]
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            errors[name] = [_("Parameter “%(name)s”: of the form %(pattern)s.") % {
                "name": name, "pattern": schema["pattern"]}]
    if errors:
        raise ValidationError(errors)


class DeclaredQueryBackend(BaseFilterBackend):
    """For a list view with ``query_parameters``: shows them in the schema, checks them."""

    def filter_queryset(self, request, queryset, view):
        check_query(view.query_parameters, request.query_params)
        return queryset

    def get_schema_operation_parameters(self, view):
        return view.query_parameters
