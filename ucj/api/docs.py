"""The API's docs page: Swagger UI from drf-spectacular-sidecar, served by the app (no CDN).
The split view loads its start-up script as a file of its own (``?script=``), so the page
keeps the global content security policy (``script-src 'self'``, no inline script)."""

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SwaggerView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    throttle_classes = []
    title = "UCJ Monitor API"
