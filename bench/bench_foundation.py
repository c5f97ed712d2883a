"""Foundation figures: loading the NTB demo data, and server time of the main pages with it."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _fetch(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _median_ms(client: Client, url: str, repeat: int = 15,
               kept: bool = False) -> tuple[float, int]:
    """The median server time of ``url`` and its query count: computed (each request with a
    query parameter of its own, so a page body kept until the next write is not read back:
    ucj/core/pagecache.py), or ``kept``: the same URL again, as a user reading it twice."""
    def address(i: int) -> str:
        return url if kept else f"{url}{'&' if '?' in url else '?'}bench={i}"

    _fetch(client, address(-1))  # warm up
    timings = []
    for i in range(repeat):
        start = time.perf_counter()
        _fetch(client, address(i))
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _fetch(client, address(repeat))
    return statistics.median(timings), len(queries.captured_queries)


def run():
    from ucj.accounts.models import User
    from ucj.demo.loader import load_demo

    start = time.perf_counter()
    load_demo()
    figures = [("demo_load_seconds", round(time.perf_counter() - start, 2), "s")]
    start = time.perf_counter()
    load_demo()
    figures.append(("demo_reload_noop_seconds", round(time.perf_counter() - start, 2), "s"))

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="admin.prov"))
    for name, url in [("home", "/"), ("allocations_list", "/data/allocations/"),
                      ("participation_list", "/data/participation/"),
                      ("participation_csv", "/data/participation/export.csv")]:
        ms, queries = _median_ms(client, url)
        figures.append((f"{name}_median_ms", round(ms, 1), "ms"))
        figures.append((f"{name}_queries", queries, "queries"))
        if not url.endswith(".csv"):  # pages whose body is kept until the next write
            kept, _queries = _median_ms(client, url, kept=True)
            figures.append((f"{name}_kept_median_ms", round(kept, 1), "ms"))
    return figures
