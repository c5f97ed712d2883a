"""Registry figures at NTB scale: a synthetic beneficiary list of 5.8 million rows (with ~2%
malformed NIKs, ~1% duplicates, ~5% from outside the regency, some dead), a BPJS participant
file of 2 million rows and a deceased list, generated once (``registry_generate_seconds``).

End to end, from the two CSV files to stored results: ``load_participants`` then
``match_list`` with the participants and the deceased, each run in a process of its own
(bench/registry_worker.py) so that its peak memory is the run's alone; median of 3 for time,
max for memory. Targets: end to end under 10 s, peak memory under 1.5 GB, and at most 3× the
floor (aim 2×): a bare DuckDB anti-join of the same two files (list rows whose NIK is not in
the participant file), CSV in and CSV out, also median of 3. The pandas baseline does the same
anti-join (both CSVs read with dtype=str, ``~isin``, CSV out), once if slow.

The benchmark reports; it does not assert. Smaller sizes for a quick trial:
UCJ_BENCH_REGISTRY_ROWS / UCJ_BENCH_REGISTRY_PARTICIPANTS. To iterate without generating the
data each time: UCJ_BENCH_REGISTRY_DATA=DIR generates the CSV files into DIR once and reuses them
afterwards (generation is reproducible; delete DIR after a change of size).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "bench" / "registry_worker.py"
OUTCOMES = ["invalid", "duplicate", "deceased", "already_active", "conflict", "eligible"]


def _worker(*args) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ucj.settings", DEBUG="1")
    done = subprocess.run([sys.executable, str(WORKER), *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"registry_worker {args[0]} failed ({done.returncode}):\n"
                           + done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run():
    from django.conf import settings

    from ucj.registry.synthetic import generate

    rows = int(os.environ.get("UCJ_BENCH_REGISTRY_ROWS", 5_800_000))
    participants = int(os.environ.get("UCJ_BENCH_REGISTRY_PARTICIPANTS", 2_000_000))
    figures = []
    reuse = os.environ.get("UCJ_BENCH_REGISTRY_DATA")
    with tempfile.TemporaryDirectory(prefix="bench-registry-", dir=settings.DATA_DIR) as tmp:
        work = Path(tmp)
        data = Path(reuse) if reuse else work
        list_csv, participants_csv, deceased_csv = (
            data / "list.csv", data / "participants.csv", data / "deceased.csv")
        if not (reuse and list_csv.exists() and participants_csv.exists()
                and deceased_csv.exists()):
            data.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            generate(list_path=list_csv, participants_path=participants_csv,
                     deceased_path=deceased_csv, rows=rows, participants=participants,
                     region_code="52.03")
            figures.append(("registry_generate_seconds", round(time.perf_counter() - start, 1),
                            "s"))

        runs = [_worker("engine", list_csv, participants_csv, deceased_csv, work)
                for _ in range(3)]
        end_to_end = statistics.median(r["seconds"] for r in runs)
        figures += [
            ("registry_end_to_end_seconds", round(end_to_end, 2), "s"),
            ("registry_load_participants_seconds",
             round(statistics.median(r["load_seconds"] for r in runs), 2), "s"),
            ("registry_match_list_seconds",
             round(statistics.median(r["match_seconds"] for r in runs), 2), "s"),
            ("registry_peak_memory_mb", round(max(r["maxrss_mb"] for r in runs)), "MB")]
        counts = runs[-1]["counts"]
        figures.append(("registry_total_rows", counts["total"], "rows"))
        figures += [(f"registry_{outcome}", counts[outcome], "rows") for outcome in OUTCOMES]
        figures.append(("registry_participants_loaded", runs[-1]["participants"], "rows"))

        floors = [_worker("duckdb", list_csv, participants_csv, work / "antijoin-duckdb.csv")
                  for _ in range(3)]
        floor = statistics.median(r["seconds"] for r in floors)
        figures += [
            ("registry_duckdb_antijoin_floor_seconds", round(floor, 2), "s"),
            ("registry_duckdb_antijoin_peak_memory_mb",
             round(max(r["maxrss_mb"] for r in floors)), "MB"),
            ("registry_antijoin_rows", floors[-1]["rows"], "rows"),
            ("registry_end_to_end_vs_floor", round(end_to_end / floor, 2), "x")]

        baseline = [_worker("pandas", list_csv, participants_csv, work / "antijoin-pandas.csv")]
        if baseline[0]["seconds"] < 20:  # quick enough to take a median of 3
            baseline += [_worker("pandas", list_csv, participants_csv,
                                 work / "antijoin-pandas.csv") for _ in range(2)]
        figures += [
            ("registry_pandas_antijoin_seconds",
             round(statistics.median(r["seconds"] for r in baseline), 2), "s"),
            ("registry_pandas_peak_memory_mb", round(max(r["maxrss_mb"] for r in baseline)),
             "MB")]
        if baseline[0]["rows"] != floors[-1]["rows"]:
            figures.append(("registry_pandas_antijoin_rows", baseline[0]["rows"], "rows"))
    return figures
