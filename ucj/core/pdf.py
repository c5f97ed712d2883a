"""PDF documents (the forum brief, the monev report) drawn by WeasyPrint from a template.

The template links its stylesheet with ``{% pdf_static %}`` (``{% load pdf %}``), not
``{% static %}``: the URL is ``STATIC_URL`` + the file's own name, made without the static
files storage, and the file behind it is read from the app's static sources through the
staticfiles finders. So the same stylesheet is read whether ``DEBUG`` is on or off and whether
``collectstatic`` has run or not (with DEBUG off the storage is the manifest storage, which
knows a file only after ``collectstatic`` and then names it by its hash), and the PDF is the
same in each case (docs/decisions.md, "PDFs read their stylesheets from the sources").

Static files are read from disk, never over HTTP: a government server often has no network,
and a PDF must not depend on the web server answering itself. Nothing else is fetched
(``data:`` URLs excepted); links in the document keep pointing at the site the request came
from.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

FALLBACK_BASE_URL = "http://localhost/"


def _static_prefix() -> str:
    """The path static URLs start with ("/static/", with the script prefix if any), read from
    the setting: asking the storage (``static("")``) fails under the manifest storage."""
    return urlsplit(settings.STATIC_URL).path


def source_file(name: str) -> Path | None:
    """The static source file ``name`` (``ucj/print.css``) as the staticfiles finders find
    it (the app's ``static`` directories), or None."""
    if not name or name.startswith("/") or ".." in Path(name).parts:
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    # Django 5.2 answers [None, …] rather than None when no finder has the file.
    for candidate in found if isinstance(found, (list, tuple)) else [found]:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def pdf_static_url(name: str) -> str:
    """The URL a PDF template links a static file with: ``STATIC_URL`` + ``name``, whatever
    the storage (never a hashed name). Refuses a name no finder knows, as ``{% static %}``
    under the manifest storage would, so that a typo fails loudly rather than giving an
    unstyled PDF."""
    if source_file(name) is None:
        raise ValueError(f"No static source file {name!r} for a PDF.")
    return _static_prefix() + quote(name)


def _source_name(name: str) -> str:
    """``name`` as the sources call it: a hashed name written by the manifest storage
    (``ucj/print.3f2a….css``, from a template that used ``{% static %}``) becomes the original
    one, so that such a link still reads the source rather than the collected copy."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    originals = getattr(staticfiles_storage, "hashed_files", None)
    if originals:
        for original, hashed in originals.items():
            if hashed == name:
                return original
    return name


def static_file(url: str, base_url: str = FALLBACK_BASE_URL) -> Path | None:
    """The source file behind a static URL of this site (``/static/ucj/print.css`` resolved
    against ``base_url``), or None."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    prefix = _static_prefix()
    if not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path[len(prefix):])
    return source_file(name) or source_file(_source_name(name))


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
