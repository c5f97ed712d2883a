"""The API's docs page: Swagger UI from drf-spectacular-sidecar, served by the app (no CDN).
The split view loads its start-up script as a file of its own (``?script=``), so the page
keeps the global content security policy (``script-src 'self'``, no inline script)."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SwaggerView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    throttle_classes = []
    title = "UCJ Monitor API"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema in English, the API's reference language, whatever the user's
    language (the labels and choices come from the models' translatable names); ``?lang=id``
    gives it in Indonesian. The messages of the answers follow the user's language."""

    def dispatch(self, request, *args, **kwargs):
        lang = request.GET.get("lang", "")
        lang = lang if lang in dict(settings.LANGUAGES) else "en"
        with translation.override(lang):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # the lazy labels, in that language
        response["Content-Language"] = lang
        return response
