"""Uses of ucj/ code that scripts/deadcode cannot see by its rules (make lint): each named, with
who uses it. Keep it short: a definition only the framework reaches by a mechanism of its own."""

from ucj.api.authentication import ApiTokenScheme

# drf-spectacular registers an OpenApiAuthenticationExtension when the class is defined: the
# schema's "tokenAuth" security scheme (ucj/api/authentication.py); nothing names the class.
ApiTokenScheme  # noqa: B018 (a whitelist names what it keeps)
