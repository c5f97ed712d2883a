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

The results-CSV download of the same run (issue 18): the run recorded as a finished match run
of Lombok Timur, a province admin (whole rows) asks for its CSV in a web process of its own
(bench/registry_worker.py export_web) while ``manage.py worker`` writes the file; time from the
first request to the last byte, the file written on demand, and of a second download of the
stored file, as a finished run's unfiltered CSVs are written ahead (target under 10 s); and the
web process's peak memory (target under 300 MB; the worker's peak is printed too).

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


def _worker(*args, env: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ucj.settings", DEBUG="1") | (env or {})
    done = subprocess.run([sys.executable, str(WORKER), *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"registry_worker {args[0]} failed ({done.returncode}):\n"
                           + done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_of(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _export_download(result: Path, counts: dict) -> list:
    from ucj.accounts.models import Role, User
    from ucj.regions.models import Level, Region
    from ucj.registry.models import Kind, MatchRun, RunStatus, SourceFile

    province, _new = Region.objects.get_or_create(
        code="52", defaults={"name": "Nusa Tenggara Barat", "level": Level.PROVINCE})
    regency, _new = Region.objects.get_or_create(
        code="52.03", defaults={"name": "Kabupaten Lombok Timur", "level": Level.REGENCY,
                                "parent": province})
    admin = User.objects.create_user(username="bench.admin", password="bench-only-0123456789",
                                     role=Role.PROVINSI_ADMIN)
    admin.regions.set([province])
    source = SourceFile.objects.create(kind=Kind.BENEFICIARIES, region=regency, year=2026,
                                       original_name="bench.csv", sha256="0" * 64, size=0)
    run = MatchRun.objects.create(region=regency, year=2026, list_file=source,
                                  status=RunStatus.DONE, progress=100, counts=counts,
                                  result_path=str(result.resolve()), nonce="0" * 32)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ucj.settings", DEBUG="1")
    worker = subprocess.Popen(  # the background worker, as make run starts it
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-startup-delay",
         "--housekeeping-seconds", "0"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        web = _worker("export_web", run.pk, admin.username)
        worker_mb = _peak_of(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return [("registry_export_ready_download_seconds", round(web["ready_seconds"], 2), "s"),
            ("registry_export_download_seconds", round(web["seconds"], 2), "s"),
            ("registry_export_prepare_seconds", round(web["prepare_seconds"], 2), "s"),
            ("registry_export_serve_seconds", round(web["serve_seconds"], 2), "s"),
            ("registry_export_rows", web["rows"], "rows"),
            ("registry_export_mb", round(web["bytes"] / 2**20), "MB"),
            ("registry_export_web_peak_memory_mb", round(web["maxrss_mb"]), "MB"),
            ("registry_export_worker_peak_memory_mb", round(worker_mb), "MB")]


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

        figures += _export_download(work / "result.parquet", counts)

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
