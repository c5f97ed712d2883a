"""Additions to the generated OpenAPI schema: the error answers every endpoint may give, so a
client (and Schemathesis) knows them: 400 (a filter or parameter refused, by field), 401 (no
valid token), 404 (not there, or outside the user's regions), 429 (over the rate)."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "`detail` says what is wrong; a refused parameter is named with its "
                   "messages (`{\"year\": [\"…\"]}`).",
    "properties": {
        "detail": {"type": "string", "description": "for people, in the user's language "
                                                    "(Indonesian by default)"},
        "code": {"type": "string", "description": "for programs: stable, English "
                                                  "(not_authenticated, not_found, …)"},
    },
    "additionalProperties": True,
}
ERRORS = {
    "400": "A parameter or filter is not valid.",
    "401": "No valid token (missing, unknown, expired or revoked) and no session.",
    "403": "The user's role may not do this.",
    "404": "Not there, or outside the user's regions.",
    "429": "Too many requests with this token; retry after the Retry-After seconds.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                })
    return result
