"""Hostile files: the time and peak memory to refuse each file of the corpus
(tests/hostile_files.py), through the import reader (``read_table``) and through the
registry's reading of an upload (``_xlsx_to_csv`` for a workbook, ``_header`` for a CSV).

Each refusal runs in a fresh child process: Django set up and the readers imported, then the
child's peak resident memory so far is its baseline; then the file is refused (or, where it is
harmless, read) and timed. The child's peak RSS is read from ``os.wait4`` (resource
``ru_maxrss``) by a small launcher process (see ``LAUNCHER``). Per file and way in:
``..._seconds`` (the refusal alone), ``..._peak_rss`` and ``..._baseline_rss`` (MB; their
difference is the refusal's own cost). Target: none above 5 s or 300 MB. The summary lines
give the slowest, the largest and how many are over the target; a file refused with another
message than the corpus expects is reported on stderr and counted.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0
TARGET_MB = 300
CHANNELS = ("import", "registry")


def _child(channel: str, path: str) -> None:
    """In the child: refuse one file and print what happened as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    import django

    django.setup()
    import python_calamine  # noqa: F401 - loaded in a running server too
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from ucj.imports.readers import ReadError, read_table
    from ucj.registry import services

    translation.activate("id")
    source = Path(path)
    data = source.read_bytes() if channel == "import" else b""  # an upload in memory
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = None
    started = time.perf_counter()
    try:
        if channel == "import":
            read_table(data, source.name)
        else:  # what the registry's upload reads, in this process (its peak measured)
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "upload.raw"
                shutil.copyfile(source, copy)
                services.stage_table(copy, source.name, Path(tmp) / "list.csv", limited=False)
    except ReadError as exc:
        message = exc.message
    except ValidationError as exc:
        message = " ".join(exc.messages)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "baseline_kb": baseline, "message": message}))


# Linux keeps a process's peak RSS across fork and exec: a child forked from this process (big
# once the corpus is made) would report this process's peak as its own. The children are
# therefore started by a small launcher, started first, whose own peak is a few MB.
LAUNCHER = r"""
import json, os, subprocess, sys, tempfile
for line in sys.stdin:
    request = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(request["args"], cwd=request["cwd"], stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        err.seek(0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss,
                          "stdout": out.read().decode(), "stderr": err.read().decode()[-2000:]}),
              flush=True)
"""


class Launcher:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def measure(self, channel: str, path: Path) -> tuple[dict, float]:
        """The child's answer and its peak RSS in MB."""
        request = {"args": [sys.executable, "-m", "bench.bench_hostile", "--child", channel,
                            str(path)], "cwd": str(ROOT)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if answer["code"] != 0:
            raise RuntimeError(f"{channel} {path.name}: {answer['stderr']}")
        return json.loads(answer["stdout"].splitlines()[-1]), answer["maxrss_kb"] / 1024

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def run():
    sys.path.insert(0, str(ROOT))
    from tests import hostile_files

    figures = []
    slowest = largest = over = unexpected = 0
    launcher = Launcher()
    with tempfile.TemporaryDirectory(prefix="ucj-bench-hostile-") as tmp:
        for hostile in hostile_files.CORPUS:
            path = Path(tmp) / hostile.name
            path.write_bytes(hostile.make())
            stem = hostile.name.replace(".", "_")
            for channel in CHANNELS:
                result, peak = launcher.measure(channel, path)
                expected = hostile.imports if channel == "import" else hostile.registry
                message = result["message"]
                if (message is None) != (expected is None) or (
                        expected is not None and expected not in message):
                    unexpected += 1
                    print(f"  {hostile.name} ({channel}): expected {expected!r}, got "
                          f"{message!r}", file=sys.stderr)
                seconds, baseline = result["seconds"], result["baseline_kb"] / 1024
                figures += [(f"hostile_{stem}_{channel}_seconds", round(seconds, 3), "s"),
                            (f"hostile_{stem}_{channel}_peak_rss", round(peak), "MB"),
                            (f"hostile_{stem}_{channel}_baseline_rss", round(baseline), "MB")]
                slowest, largest = max(slowest, seconds), max(largest, peak)
                over += seconds > TARGET_SECONDS or peak > TARGET_MB
            path.unlink()
    launcher.close()
    figures += [("hostile_files", len(hostile_files.CORPUS), "files"),
                ("hostile_slowest_seconds", round(slowest, 3), "s"),
                ("hostile_largest_peak_rss", round(largest), "MB"),
                ("hostile_over_target", over, f"refusals (target: {TARGET_SECONDS:g} s, "
                                              f"{TARGET_MB} MB)"),
                ("hostile_unexpected_answers", unexpected, "refusals")]
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
