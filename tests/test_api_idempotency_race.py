"""Two requests racing with one Idempotency-Key (decisions 107-108): each in its own thread and
database connection, both past the "is the key stored?" check before either writes. The key
row is inserted in the write's own transaction, so the second one hits the unique constraint
(or the record's own natural key, or waits for the first one's row lock), rolls back and
replays the first answer: exactly one write, one audit row, the same answer twice.

PostgreSQL only (the PostgreSQL phase of scripts/run-tests): SQLite has one writer, so the
requests could not overlap there."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.urls import reverse

from tests.test_api import A, api, build_world
from tests.test_api_writes import change, detail, new_body
from ucj.api import writes
from ucj.api.models import IdempotencyKey
from ucj.audit.models import Action, AuditEvent
from ucj.budget.models import Commitment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="two concurrent writers need PostgreSQL (scripts/with-postgres)"),
]


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    cache.clear()
    yield build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)
    cache.clear()


@pytest.fixture
def together(monkeypatch):
    """Both requests pass the stored-key check, then wait for each other before writing."""
    barrier = threading.Barrier(2, timeout=20)
    original = writes.answer

    def answer(handler):
        barrier.wait()
        return original(handler)

    monkeypatch.setattr(writes, "answer", answer)
    return barrier


FINISHED = threading.Event()  # set when one of the racing requests has answered


@pytest.fixture
def one_after_the_other(monkeypatch):
    """Both requests pass the stored-key check; then one writes and commits, and only after
    its answer does the other run its write (which now finds the first one's record)."""
    barrier = threading.Barrier(2, timeout=20)
    original = writes.answer
    FINISHED.clear()

    def answer(handler):
        if barrier.wait() != 0:
            assert FINISHED.wait(20), "the first request did not answer"
        return original(handler)

    monkeypatch.setattr(writes, "answer", answer)
    return barrier


def race(send) -> list:
    """Run ``send()`` in two threads at once (each its own connection); their answers."""
    answers: list = [None, None]
    errors: list = []

    def go(i: int) -> None:
        try:
            answers[i] = send()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connection
            FINISHED.set()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads), "a request hung"
    assert not errors, errors
    return answers


def same_answer(answers) -> None:
    first, second = answers
    assert first.status_code == second.status_code, [a.content for a in answers]
    assert first.json() == second.json()
    replayed = sorted(a.get("Idempotent-Replayed", "") for a in answers)
    assert replayed == ["", "true"]  # one wrote, the other replayed its answer


def test_two_creates_racing_with_one_key_write_one_record(world, together):
    token = world["tokens"]["op_own"]
    body = new_body("commitments", world)

    answers = race(lambda: api(token).post(reverse("api_commitments"), body,
                                           content_type="application/json",
                                           HTTP_IDEMPOTENCY_KEY="race-create"))
    same_answer(answers)
    assert answers[0].status_code == 201
    created = Commitment.objects.filter(region__code=A, year=2026)
    assert created.count() == 1
    assert answers[0].json()["id"] == created.get().pk
    assert AuditEvent.objects.filter(object_type="budget.commitment", action=Action.CREATE,
                                     object_id=str(created.get().pk)).count() == 1
    assert IdempotencyKey.objects.filter(key="race-create").count() == 1


def test_two_updates_racing_with_one_key_write_once(world, together):
    token = world["tokens"]["op_own"]
    record = world["records"]["allocations"]
    events = AuditEvent.objects.filter(object_type="budget.allocation", action=Action.UPDATE,
                                       object_id=str(record.pk))
    before = events.count()

    answers = race(lambda: api(token).patch(detail("allocations", record), change("allocations"),
                                            content_type="application/json",
                                            HTTP_IDEMPOTENCY_KEY="race-update"))
    same_answer(answers)
    assert answers[0].status_code == 200
    record.refresh_from_db()
    assert record.workers_planned == 3_001
    assert events.count() == before + 1
    assert IdempotencyKey.objects.filter(key="race-update").count() == 1


def test_a_create_that_finds_the_racing_requests_record_replays_its_answer(
        world, one_after_the_other):
    """The second request passed the key check before the first committed, but runs its
    write after: the form finds the region's commitment for 2026 taken (400) unless the key
    is looked up again; it must answer the first request's 201."""
    token = world["tokens"]["op_own"]
    body = new_body("commitments", world)

    answers = race(lambda: api(token).post(reverse("api_commitments"), body,
                                           content_type="application/json",
                                           HTTP_IDEMPOTENCY_KEY="race-late-create"))
    same_answer(answers)
    assert answers[0].status_code == 201
    assert Commitment.objects.filter(region__code=A, year=2026).count() == 1


def test_a_delete_that_finds_the_record_gone_replays_the_first_answer(
        world, one_after_the_other):
    token = world["tokens"]["op_own"]
    record = world["records"]["denominators"]

    answers = race(lambda: api(token).delete(detail("denominators", record),
                                             HTTP_IDEMPOTENCY_KEY="race-late-delete"))
    assert [a.status_code for a in answers] == [204, 204], [a.content for a in answers]
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert not type(record).objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(object_type="coverage.workforcedenominator",
                                     action=Action.DELETE,
                                     object_id=str(record.pk)).count() == 1
