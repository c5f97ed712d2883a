"""PDF documents (the forum brief, the monev report) drawn by WeasyPrint from a template.

The template links its stylesheet and images with ``{% static %}``. Those files are read from
disk (the collected STATIC_ROOT, else the static finders), never over HTTP: a government
server often has no network, and a PDF must not depend on the web server answering itself.
Nothing else is fetched (``data:`` URLs excepted); links in the document keep pointing at the
site the request came from.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

FALLBACK_BASE_URL = "http://localhost/"


def static_file(url: str, base_url: str = FALLBACK_BASE_URL) -> Path | None:
    """The local file behind a static URL of this site (``/static/ucj/print.css`` resolved
    against ``base_url``), or None."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    prefix = urlsplit(static("")).path  # "/static/", with the script prefix if any
    if not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path[len(prefix):])
    if not name or name.startswith("/") or ".." in Path(name).parts:
        return None
    candidates = []
    try:
        found = finders.find(name)  # the sources (DEBUG, tests)
    except SuspiciousFileOperation:
        found = None
    # Django 5.2 answers [None, …] rather than None when no finder has the file.
    candidates.extend(found if isinstance(found, (list, tuple)) else [found])
    try:
        candidates.append(staticfiles_storage.path(name))  # collected, hashed names too
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def url_fetcher_for(base_url: str):
    """A WeasyPrint URL fetcher that serves this site's static files from disk and refuses
    everything else (no network); ``data:`` URLs are read as they are."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url, base_url)
            if path is None:
                raise ValueError(f"Not fetched for a PDF (only static files are): {url}")
            mime_type, _encoding = mimetypes.guess_type(path.name)
            return URLFetcherResponse(url, body=path.read_bytes(), headers={
                "Content-Type": mime_type or "application/octet-stream"})

    return StaticFetcher(allowed_protocols={"http", "https", "data"})


def html_to_pdf(html: str, *, base_url: str = FALLBACK_BASE_URL) -> bytes:
    import weasyprint  # imported on first use: it loads Pango and fonts

    return weasyprint.HTML(string=html, base_url=base_url,
                           url_fetcher=url_fetcher_for(base_url)).write_pdf()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to HTML and draw it as a PDF. With a request, relative links in the
    document point to the site it came from."""
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else FALLBACK_BASE_URL
    return html_to_pdf(html, base_url=base_url)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF as a download."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    return response

