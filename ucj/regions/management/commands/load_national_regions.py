import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ucj.regions.services import LoadError, NationalResult, national_master_load


class Command(BaseCommand):
    help = ("Load the national region master: the 38 provinces and 514 regencies/cities of "
            "data/reference/id_kabkota.csv (Kemendagri codes) with map boundaries for both "
            "levels. All or nothing; a second run changes nothing; nothing is deleted, and "
            "districts and villages already loaded stay. A region that already has a boundary "
            "keeps it unless --replace-boundaries.")

    def add_arguments(self, parser):
        parser.add_argument("--replace-boundaries", action="store_true",
                            help="replace boundaries already loaded (a province's own "
                                 "detailed file, e.g. NTB's, still wins for its regencies)")

    def handle(self, *args, replace_boundaries=False, **options):
        started = time.perf_counter()
        try:
            result = national_master_load(replace_boundaries=replace_boundaries)
        except LoadError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self._report(result, time.perf_counter() - started)

    def _report(self, result: NationalResult, seconds: float) -> None:
        regions = result.regions
        self.stdout.write(_(
            "Regions: %(created)s created, %(updated)s changed, %(unchanged)s unchanged "
            "(%(provinces)s provinces, %(regencies)s regencies/cities)."
        ) % {"created": regions.created, "updated": regions.updated,
             "unchanged": regions.unchanged, "provinces": regions.levels.get("province", 0),
             "regencies": regions.levels.get("regency", 0)})
        self.stdout.write(_(
            "Boundaries: %(set)s set, %(kept)s existing kept, %(unchanged)s unchanged."
        ) % {"set": result.boundaries_set, "kept": result.boundaries_kept,
             "unchanged": result.boundaries_unchanged})
        if result.without_boundary:
            self.stdout.write(_("Regions without a boundary (%(count)s): %(codes)s") % {
                "count": len(result.without_boundary),
                "codes": ", ".join(result.without_boundary)})
        if result.unknown_boundaries:
            self.stdout.write(_("Boundaries of codes not in the master, skipped (%(count)s): "
                                "%(codes)s") % {"count": len(result.unknown_boundaries),
                                                "codes": ", ".join(result.unknown_boundaries)})
        if not result.without_boundary and not result.unknown_boundaries:
            self.stdout.write(_("Every province and regency/city has a boundary."))
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": seconds})
