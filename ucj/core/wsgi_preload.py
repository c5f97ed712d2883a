"""The WSGI application as scripts/serve-prod gives it to gunicorn (with ``--preload``): Django
set up, the URLconf (so every view module: Polars, DuckDB, WeasyPrint, ...) and the default
language's catalogue imported once in gunicorn's master before it forks its workers. Without
this each new worker (at start, after a reload, after ``--max-requests``) made its first request
wait for those imports: 3-10 s on two busy cores. Nothing here opens a database connection;
any that an import opened is closed so that no worker inherits a shared socket."""

from django.conf import settings
from django.db import connections
from django.urls import get_resolver
from django.utils import translation

from ucj.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every view module
with translation.override(settings.LANGUAGE_CODE):
    translation.gettext("Sign in")
connections.close_all()

__all__ = ["application"]
