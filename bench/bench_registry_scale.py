"""The registry beyond NTB (issue 21, item 4): a synthetic list of 20 million rows against 5
million BPJS participants (and a deceased list), generated once by ucj/registry/synthetic.py
(``registry_scale_generate_seconds``), matched twice from the same files:

- embedded, out of core, under ``UCJ_REGISTRY_MEMORY_LIMIT=1.5GB`` (the list read and checked
  a chunk at a time): time and the process's peak resident memory (VmHWM), target ≤ 1.5 GB;
- on Apache Spark in local mode (``local[2]``, driver memory 1 GB): time including the
  session's start, and the peak resident memory of the whole process tree (the Python
  driver, the JVM, Spark's Python workers), sampled every half second.

Each run is a process of its own (bench/registry_worker.py). The counts of both are printed,
and ``registry_scale_counts_identical`` is 1 when every count by outcome, reason and flag is
the same (the tests check the result files row for row: tests/test_registry_spark.py).

Smaller sizes for a trial: UCJ_BENCH_REGISTRY_SCALE_ROWS / UCJ_BENCH_REGISTRY_SCALE_PARTICIPANTS;
UCJ_BENCH_REGISTRY_SCALE_DATA=DIR generates the files into DIR once and reuses them;
UCJ_BENCH_REGISTRY_SCALE_SPARK=0 leaves the Spark run out. The benchmark reports; it does not
assert.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.bench_registry import OUTCOMES, _worker

LIMIT = "1.5GB"


def _generate(data: Path, rows: int, participants: int) -> list:
    from ucj.registry.synthetic import generate

    files = [data / "list.csv", data / "participants.csv", data / "deceased.csv"]
    if all(f.exists() for f in files):
        return []
    data.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    generate(list_path=files[0], participants_path=files[1], deceased_path=files[2], rows=rows,
             participants=participants, region_code="52.03")
    return [("registry_scale_generate_seconds", round(time.perf_counter() - start, 1), "s")]


def _figures(prefix: str, run: dict) -> list:
    figures = [(f"{prefix}_seconds", round(run["seconds"], 1), "s"),
               (f"{prefix}_match_seconds", round(run["match_seconds"], 1), "s"),
               (f"{prefix}_peak_memory_mb", round(run["maxrss_mb"]), "MB")]
    if "tree_peak_mb" in run:
        figures.append((f"{prefix}_tree_peak_memory_mb", round(run["tree_peak_mb"]), "MB"))
    if "session_seconds" in run:
        figures.append((f"{prefix}_session_seconds", round(run["session_seconds"], 1), "s"))
    counts = run["counts"]
    figures.append((f"{prefix}_total_rows", counts["total"], "rows"))
    figures += [(f"{prefix}_{outcome}", counts[outcome], "rows") for outcome in OUTCOMES]
    return figures


def run():
    from django.conf import settings

    rows = int(os.environ.get("UCJ_BENCH_REGISTRY_SCALE_ROWS", 20_000_000))
    participants = int(os.environ.get("UCJ_BENCH_REGISTRY_SCALE_PARTICIPANTS", 5_000_000))
    with_spark = os.environ.get("UCJ_BENCH_REGISTRY_SCALE_SPARK", "1") != "0"
    reuse = os.environ.get("UCJ_BENCH_REGISTRY_SCALE_DATA")
    with tempfile.TemporaryDirectory(prefix="bench-registry-scale-",
                                     dir=settings.DATA_DIR) as tmp:
        work = Path(tmp)
        data = Path(reuse) if reuse else work
        figures = _generate(data, rows, participants)
        files = [data / "list.csv", data / "participants.csv", data / "deceased.csv"]
        embedded = _worker("engine", *files, work, env={"UCJ_REGISTRY_MEMORY_LIMIT": LIMIT})
        figures += [("registry_scale_memory_limit_mb", 1536, "MB")]
        figures += _figures("registry_scale_embedded", embedded)
        if with_spark:
            (work / "result.parquet").unlink(missing_ok=True)
            distributed = _worker("spark", *files, work)
            figures += _figures("registry_scale_spark_local", distributed)
            same = all(embedded[k] == distributed[k] for k in ("counts", "reasons", "flags"))
            figures.append(("registry_scale_counts_identical", int(same), "bool"))
    return figures
