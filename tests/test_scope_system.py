"""The system actor: a service called with ``actor=None`` (a management command run on the
server) is accepted only where the service says so (``require``/``allows`` with
``system=True``, decision 136); everywhere else None is refused as an anonymous user is, and
the keyword never widens what a signed-in user may do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ucj.accounts.scope import Cap, allows, require


@pytest.mark.django_db
def test_it_refuses_the_actor_none_unless_the_service_accepts_the_system(ntb):
    region = ntb["52.03"]
    assert not allows(None, Cap.UPLOAD_LISTS, region)
    with pytest.raises(PermissionDenied):
        require(None, Cap.UPLOAD_LISTS, region)
    assert allows(None, Cap.UPLOAD_LISTS, region, system=True)
    assert allows(None, Cap.UPLOAD_PARTICIPANTS, system=True)
    require(None, Cap.UPLOAD_LISTS, region, system=True)  # no exception


@pytest.mark.django_db
def test_it_refuses_users_and_anonymous_visitors_what_they_lacked_before(ntb, viewer, op_b, bpjs):
    lombok_timur = ntb["52.03"]
    for user in (viewer, op_b, bpjs, AnonymousUser()):
        assert not allows(user, Cap.UPLOAD_LISTS, lombok_timur, system=True)
        with pytest.raises(PermissionDenied):
            require(user, Cap.UPLOAD_LISTS, lombok_timur, system=True)
    assert allows(op_b, Cap.UPLOAD_LISTS, ntb["52.02"], system=True)
