"""Static files on the development server (DEBUG: WhiteNoise asks the finders): a file that
exists is served, a missing one is a plain 404, not a server error."""

from __future__ import annotations

from django.contrib.staticfiles import finders


def test_a_missing_static_path_is_not_found_not_a_server_error(client, settings):
    settings.DEBUG = True  # as `make run` serves: WhiteNoise looks each path up in the finders
    assert client.get("/static/ucj/ucj.css").status_code == 200
    assert client.get("/static/ucj/charts.js").status_code == 200
    for path in ("/static/nothing.css", "/static/ucj/nothing.js", "/static/plotly/plotly.min.js"):
        assert client.get(path).status_code == 404, path


def test_the_finders_answer_a_missing_file_with_nothing():
    assert finders.find("nothing.css") is None
    assert finders.find("nothing.css", find_all=True) == []
