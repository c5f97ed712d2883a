"""Front-end libraries that come in Python packages, served by the app (never from a CDN)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


def _plotly_dir() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data"


class PackageFinder(BaseFinder):
    """Finds ``plotly/plotly.min.js``: the plotly.js bundle shipped in the ``plotly`` package
    (only that file; the package's datasets are not static files)."""

    files = {"plotly/plotly.min.js": ("plotly.min.js", _plotly_dir)}

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path in self.files:
            name, directory = self.files[path]
            found = str(directory() / name)
            return [found] if find_all else found
        # "Not found" is an empty list, as Django's own finders answer: ``finders.find`` adds a
        # finder's None to its matches and returns [None], which WhiteNoise (DEBUG) takes for a
        # path and fails on with HTTP 500 instead of letting the request end in a 404.
        return []

    def list(self, ignore_patterns):
        for path, (name, directory) in self.files.items():
            storage = FileSystemStorage(location=str(directory()))
            storage.prefix = path.rsplit("/", 1)[0]
            yield name, storage
