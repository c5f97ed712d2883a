#!/usr/bin/env python
"""Run the benchmarks in bench/ and print one line per figure: ``name: value unit``.

Each ``bench/bench_*.py`` module has ``run() -> list[tuple[str, float, str]]`` and starts
from an empty database. The run uses a fresh SQLite database in a temporary data directory
(or DATABASE_URL when set: it is emptied!), so by default it never touches your data.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    workdir = tempfile.TemporaryDirectory(prefix="ucj-bench-")
    os.environ.setdefault("UCJ_DATA_DIR", workdir.name)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    only = set(sys.argv[1:])
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
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
