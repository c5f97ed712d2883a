"""DRF permissions that ask the one capability table (``ucj.accounts.scope``), never a second.

* ``SignedIn``: an active user (records are then limited by ``visible()`` in the queryset, so
  another region's record answers 404, as on the pages).
* ``HasCap(cap)``: the role holds ``cap`` (403 otherwise); with an object whose region is
  reached through the view's ``region_path``, the region must lie in the user's scope too.
  For the write endpoints to come: ``permission_classes = [SignedIn, HasCap(Cap.WRITE_…)]``.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from ucj.accounts.scope import Cap, allows


class SignedIn(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


def HasCap(cap: Cap) -> type[BasePermission]:  # noqa: N802 (a class factory)
    class _HasCap(BasePermission):
        def has_permission(self, request, view):
            return allows(request.user, cap)

        def has_object_permission(self, request, view, obj):
            region = obj
            for part in getattr(view, "region_path", "region").split("__"):
                region = getattr(region, part)
            return allows(request.user, cap, region)

    _HasCap.__name__ = f"HasCap_{cap.value}"
    return _HasCap
