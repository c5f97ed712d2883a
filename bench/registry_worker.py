#!/usr/bin/env python
"""One timed run for bench/bench_registry.py, in a process of its own so that its peak memory
is the run's alone. Prints one JSON line: the seconds of the timed part, its counts and the
process's peak resident memory (``maxrss_mb``, VmHWM).

    registry_worker.py engine LIST PARTICIPANTS DECEASED WORKDIR
    registry_worker.py spark LIST PARTICIPANTS DECEASED WORKDIR
    registry_worker.py duckdb LIST PARTICIPANTS OUT_CSV
    registry_worker.py pandas LIST PARTICIPANTS OUT_CSV
    registry_worker.py export_web RUN_ID USERNAME

``engine`` runs under UCJ_REGISTRY_MEMORY_LIMIT; ``spark`` is the same run on Apache Spark
(UCJ_SPARK_MASTER, local by default), with ``session_seconds`` (the session's start, inside
``match_seconds``) and ``tree_peak_mb`` (this process, the JVM and Spark's Python workers).

``export_web`` is the web process of the results-CSV download: it asks for the CSV as the
results page's link does (Django's test client, signed in), follows the progress page's polls
while the background worker (another process) writes the file, then downloads it; the
seconds are from the first request to the last byte, and ``maxrss_mb`` is this web process's.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def engine(list_path: str, participants_path: str, deceased_path: str, workdir: str,
           on_spark: bool = False) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    import django

    django.setup()
    from django.conf import settings

    from ucj.registry import spark
    from ucj.registry.engine import MatchConfig, load_participants, match_list

    work = Path(workdir)
    config = MatchConfig(region_code="52.03", year=2026,
                         hash_key=hashlib.sha256(b"ucj-bench-hash").digest(),
                         cipher_key=hashlib.sha256(b"ucj-bench-cipher").digest(),
                         memory_limit=settings.UCJ_REGISTRY_MEMORY_LIMIT)
    start = time.perf_counter()
    loaded = load_participants(csv_path=Path(participants_path),
                               out_path=work / "participants.parquet", key=config.hash_key)
    loaded_at = time.perf_counter()
    figures: dict = {}
    if on_spark:  # the session's start timed apart, and the memory of the process tree
        watcher = _TreePeak()
        spark.session()
        figures["session_seconds"] = time.perf_counter() - loaded_at
        matcher = spark.match_list
    else:
        matcher = match_list
    result = matcher(list_path=Path(list_path), config=config,
                     out_path=work / "result.parquet",
                     participants=work / "participants.parquet",
                     deceased=Path(deceased_path))
    end = time.perf_counter()
    if on_spark:
        figures["tree_peak_mb"] = watcher.stop()
    return figures | {"seconds": end - start, "load_seconds": loaded_at - start,
                      "match_seconds": end - loaded_at, "counts": result.counts,
                      "reasons": result.reasons, "flags": result.flags,
                      "participants": loaded["participants"]}


class _TreePeak:
    """The peak of the resident memory of this process and all its descendants (Spark's JVM
    and its Python workers), sampled every half second in a thread."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))
            time.sleep(0.5)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.peak


def _tree_rss_mb(pid: int) -> float:
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status
                               if line.startswith("VmRSS:")), 0) / 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return total


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def bare_duckdb(list_path: str, participants_path: str, out_path: str) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    start = time.perf_counter()
    rows = con.execute(f"""
        COPY (SELECT l.* FROM read_csv({_literal(list_path)}, all_varchar = true) l
              ANTI JOIN read_csv({_literal(participants_path)}, all_varchar = true) p
              ON l.nik = p.nik)
        TO {_literal(out_path)} (HEADER, DELIMITER ',')""").fetchone()[0]
    seconds = time.perf_counter() - start
    con.close()
    return {"seconds": seconds, "rows": int(rows)}


def bare_pandas(list_path: str, participants_path: str, out_path: str) -> dict:
    import pandas as pd

    start = time.perf_counter()
    people = pd.read_csv(list_path, dtype=str)
    participants = pd.read_csv(participants_path, dtype=str)
    kept = people[~people.nik.isin(participants.nik)]
    kept.to_csv(out_path, index=False)
    return {"seconds": time.perf_counter() - start, "rows": len(kept)}


def export_web(run_id: str, username: str) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from ucj.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    url = reverse("registry_export", args=[run_id])
    start = time.perf_counter()
    first = client.get(url)
    polls = 0
    if first["Content-Type"].startswith("text/html"):  # being prepared: follow the progress
        while True:
            fragment = client.get(url, headers={"HX-Request": "true"})
            polls += 1
            if fragment.status_code != 200 or b"hx-get" not in fragment.content:
                break
            time.sleep(0.2)
        ready = time.perf_counter()
        response = client.get(url)
    else:
        ready, response = time.perf_counter(), first
    size, lines = _drain(response)
    end = time.perf_counter()
    again = client.get(url)  # the file written ahead (as a finished run's own CSVs are)
    _drain(again)
    return {"seconds": end - start, "prepare_seconds": ready - start,
            "serve_seconds": end - ready, "ready_seconds": time.perf_counter() - end,
            "bytes": size, "rows": lines - 1, "polls": polls}


def _drain(response) -> tuple[int, int]:
    if not response["Content-Type"].startswith("text/csv"):
        raise RuntimeError(f"no CSV: {response.status_code} {response['Content-Type']}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return size, lines


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries the parent's resident
    size at fork over into the child's ru_maxrss (and so into RUSAGE_CHILDREN), which would
    count the benchmark's own process; VmHWM is the peak of this program's memory alone."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    mode, *args = sys.argv[1:]
    figures = {"engine": engine, "spark": functools.partial(engine, on_spark=True),
               "duckdb": bare_duckdb, "pandas": bare_pandas,
               "export_web": export_web}[mode](*args)
    figures["maxrss_mb"] = peak_rss_mb()
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
