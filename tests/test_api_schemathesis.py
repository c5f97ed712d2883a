"""Property-based tests of the API against its own OpenAPI schema (Schemathesis): for every read
operation of /api/schema/, generated requests (path parameters, every filter, paging, also
invalid values) sent with the token of each kind of user, in-process through Django's WSGI
application (the same database transaction as the test, no server). Every answer must be no
server error and conform to the schema: status code documented, content type, body.

Kept fast for ``make test``: a few examples per operation (``UCJ_SCHEMATHESIS_EXAMPLES``,
default 8), the world built once per operation."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.test_api import KINDS, build_world

EXAMPLES = int(os.environ.get("UCJ_SCHEMATHESIS_EXAMPLES", "8"))
# The coverage phase (every boundary of every parameter) is left out: it alone took minutes.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}},
                                      "generation": {"mode": "all"}})  # valid and invalid


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """A WSGI request ends by closing old database connections, which would close the test's
    own (PostgreSQL) connection and its transaction; Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    cache.clear()
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def _schema():
    """The schema as /api/schema/ serves it (generated without a request: collecting the
    tests needs no database), bound to the WSGI application."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    # Reads only: a write's schema-valid body is still refused by rules a schema cannot say
    # (the region must exist and be the user's, natural keys, plausibility); the writes are
    # covered by tests/test_api_writes.py.
    document["paths"] = {path: {method: op for method, op in item.items() if method == "get"}
                         for path, item in document["paths"].items()}
    loaded = schemathesis.openapi.from_dict(document, config=CONFIG)
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema_for_every_kind_of_user(case, api_world):
    for kind in KINDS:
        case.call_and_validate(headers={"Authorization": f"Bearer {api_world['tokens'][kind]}"})
    cache.clear()  # the rate limit is not what this test is about
