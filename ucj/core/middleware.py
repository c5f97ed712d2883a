from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Indonesian unless the user chose another language (the language cookie set by the
    switcher). Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored:
    a provincial office's English-language browser should still see the Indonesian UI."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
