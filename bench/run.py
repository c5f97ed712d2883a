#!/usr/bin/env python
"""Run the benchmarks in bench/ and print one line per figure: ``name: value unit``.

Each ``bench/bench_*.py`` module has ``run() -> list[tuple[str, float, str]]`` and starts
from an empty database (the run flushes it before each module). That database is always a
fresh SQLite file in a temporary data directory of the run's own, deleted at the end:
DATABASE_URL and UCJ_DATA_DIR from the environment are overridden (with a note on stderr),
here and in the child processes the benchmarks start, so a run never touches your data.

``bench/run.py bench_reports bench_dashboard`` runs only those modules; ``--setup-only``
makes the throw-away database (migrate, flush) and stops (tests/test_bench_setup.py).
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare() -> tempfile.TemporaryDirectory:
    """Point this process and its children at a new temporary data directory and a SQLite
    database inside it, whatever the environment says; the caller cleans it up."""
    workdir = tempfile.TemporaryDirectory(prefix="ucj-bench-")
    database = Path(workdir.name) / "bench.sqlite3"
    for name in ("DATABASE_URL", "UCJ_DATA_DIR"):
        if os.environ.get(name):
            print(f"bench: {name} from the environment is ignored; the run uses its own "
                  f"throw-away database in {workdir.name}", file=sys.stderr)
    os.environ["UCJ_DATA_DIR"] = workdir.name
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ucj.settings"
    return workdir


def _check_throwaway(workdir: str) -> Path:
    """The database Django opened, refused unless it is the run's own file (before the first
    flush empties it)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    path = Path(str(db["NAME"])).resolve()
    if db["ENGINE"] != "django.db.backends.sqlite3" or path.parent != Path(workdir).resolve():
        raise SystemExit(f"bench: refusing to run on {db['ENGINE']} {db['NAME']}: not the "
                         f"run's own database")
    return path


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    setup_only = "--setup-only" in argv
    only = {arg for arg in argv if not arg.startswith("--")}
    workdir = prepare()
    try:
        import django

        django.setup()
        from django.core.management import call_command

        database = _check_throwaway(workdir.name)
        call_command("migrate", verbosity=0)
        if setup_only:
            call_command("flush", interactive=False, verbosity=0)
            print(f"bench database: {database}", flush=True)
            return 0
        modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
        for name in modules:
            if only and name not in only:
                continue
            module = importlib.import_module(f"bench.{name}")
            call_command("flush", interactive=False, verbosity=0)  # each module starts empty
            for figure, value, unit in module.run():
                # integers whole (5799580, not 5.79958e+06), other numbers as they are
                shown = (str(int(value)) if isinstance(value, int) or float(value).is_integer()
                         else f"{value:g}")
                print(f"{figure}: {shown} {unit}", flush=True)
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        workdir.cleanup()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
