"""Per-token rate limit (the cache counts; ``UCJ_API_RATE``, e.g. ``600/min``). Requests
signed in with a session (the docs page) are not counted: the pages are not either."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from ucj.api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
