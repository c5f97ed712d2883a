"""A province's own instance publishes its aggregates to a national one, through the national
instance's API (issue 21; docs/scale.md, "One deployment or many").

What is published are the five datasets of the province and its regencies: denominators,
participation, commitments, allocations and realizations. They are aggregates (counts and
Rupiah by region and period); no person, NIK or list ever leaves. Each dataset goes as the CSV
its list page exports (the spreadsheet round trip: the import reads it back as it is) to
``POST /api/v1/imports/`` of the national instance, with a token of the province's admin
there; once checked it is applied (``POST …/apply/``), where the national instance's own rules
hold: a period the national side has approved is locked, a value out of range is refused, and
publishing again what is already there changes nothing.

The client is urllib3 (already a dependency), one request at a time, with timeouts; the token
is read from the environment, never from the command line.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import urllib3

from ucj.core.datasets import get_dataset
from ucj.regions.hierarchy import within_q
from ucj.regions.models import Region

# In the order the national instance can read them: a realization names its allocation.
DATASETS = ("denominators", "participation", "commitments", "allocations", "realizations")
FINAL = {"staged", "invalid", "failed", "applied", "discarded"}


class PublishError(Exception):
    """The national instance could not be reached or refused the request as a whole."""


@dataclass
class Published:
    dataset: str
    rows: int
    state: str = "empty"  # empty (nothing to send), applied, invalid, failed, …
    counts: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # the national instance's messages
    url: str = ""


def dataset_csv(*, dataset: str, province: Region) -> tuple[bytes, int]:
    """The CSV of the province's records of ``dataset`` (the province and every region below),
    as its list page exports it; and the number of rows."""
    ds = get_dataset(dataset)
    columns = ds.csv_columns
    rows = (ds.model.objects.filter(within_q(province.code, path=ds.region_path))
            .select_related(*ds.select_related).order_by(*ds.default_sort, "pk"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.csv for c in columns])
    count = 0
    for obj in rows.iterator(chunk_size=2000):
        writer.writerow([c.csv_value(obj) for c in columns])
        count += 1
    return out.getvalue().encode("utf-8"), count


class NationalClient:
    """The national instance's import API, as the province's admin there."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 60.0,
                 pool: urllib3.PoolManager | None = None):
        self.base = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.http = pool or urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=10.0, read=timeout),
            retries=urllib3.Retry(total=2, backoff_factor=1.0, allowed_methods={"GET"}))

    def _json(self, method: str, url: str, *, headers: dict | None = None,
              **kwargs) -> tuple[int, dict]:
        try:
            response = self.http.request(method, url, headers={**self.headers, **(headers or {})},
                                         **kwargs)
        except urllib3.exceptions.HTTPError as exc:
            raise PublishError(f"{url}: {exc}") from exc
        try:
            body = json.loads(response.data or b"{}")
        except ValueError:
            body = {}
        if response.status in (401, 403):
            raise PublishError(f"{url}: HTTP {response.status} {body.get('detail', '')}".strip())
        return response.status, body

    def stage(self, dataset: str, data: bytes) -> dict:
        status, body = self._json("POST", f"{self.base}/api/v1/imports/", fields={
            "dataset": dataset, "file": (f"{dataset}.csv", data, "text/csv")})
        if status != 202:
            raise PublishError(f"{dataset}: HTTP {status} {json.dumps(body)[:500]}")
        return body

    def wait(self, url: str, *, until: set[str], deadline: float,
             sleep: Callable[[float], None] = time.sleep) -> dict:
        while True:
            _status, body = self._json("GET", url)
            if body.get("state") in until or time.monotonic() > deadline:
                return body
            sleep(0.5)

    def apply(self, body: dict) -> dict:
        status, answer = self._json("POST", body["apply_url"], body=json.dumps(
            {"confirm_warnings": True}), headers={"Content-Type": "application/json"})
        if status != 202:
            return {**body, "state": "invalid", "error": answer.get("detail") or str(answer)}
        return answer


def publish(*, province: Region, client: NationalClient, datasets=DATASETS,
            wait_seconds: float = 300.0) -> list[Published]:
    """Send each dataset of ``province`` to the national instance and apply it there; one
    ``Published`` per dataset, in order. A dataset the national side refuses is reported and
    the next is still sent (each is applied whole or not at all there)."""
    results = []
    for dataset in datasets:
        data, rows = dataset_csv(dataset=dataset, province=province)
        result = Published(dataset=dataset, rows=rows)
        results.append(result)
        if not rows:
            continue
        deadline = time.monotonic() + wait_seconds
        body = client.wait(client.stage(dataset, data)["url"], until=FINAL, deadline=deadline)
        if body.get("state") == "staged":
            client.apply(body)
            body = client.wait(body["url"], until=FINAL - {"staged"}, deadline=deadline)
        preview = body.get("preview") or {}
        result.state, result.url = body.get("state", "?"), body.get("url", "")
        result.counts = preview.get("counts", {})
        result.problems = [p.get("message", "") for p in preview.get("problems", [])][:20]
        if body.get("error"):
            result.problems.append(body["error"])
    return results
