"""The national region master in the demo (issue 21): the 38 provinces and 514 regencies and
cities with their map boundaries, loaded by the regions app's ``national_master_load`` (NTB's
own regions, districts, villages and detailed boundaries stay as they are), so that the
national dashboard, the national report and ``/publik/nasional/`` have every province to show.
Only the region master: no figures are invented for the other provinces."""

from __future__ import annotations

import csv

from ucj.regions.models import Region
from ucj.regions.services import NATIONAL_MASTER, national_master_load


def national_missing() -> int:
    """How many regions of the national master are not loaded yet."""
    with open(NATIONAL_MASTER, encoding="utf-8", newline="") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    return len(codes) - Region.objects.filter(code__in=codes).count()


def load_national() -> int:
    """Load the national master; the number of regions it created."""
    return national_master_load().regions.created
