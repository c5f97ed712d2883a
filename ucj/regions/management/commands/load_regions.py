from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ucj.regions.services import LoadError, boundaries_load, regions_load


class Command(BaseCommand):
    help = ("Load a region master CSV (code,name,level,parent_code; Kemendagri codes) and, "
            "optionally, boundaries from a GeoJSON file whose features carry a 'code'. "
            "All or nothing; loading the same file twice changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with columns code,name,level,parent_code")
        parser.add_argument("--boundaries", help="GeoJSON FeatureCollection with a 'code' property")

    def handle(self, *args, file, boundaries=None, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
            result = regions_load(text=text, source=Path(file).name)
            self.stdout.write(_(
                "Regions: %(created)s created, %(updated)s changed, %(unchanged)s unchanged."
            ) % {"created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged})
            if boundaries:
                geo = boundaries_load(text=Path(boundaries).read_text(encoding="utf-8"),
                                      source=Path(boundaries).name)
                self.stdout.write(_(
                    "Boundaries: %(updated)s changed, %(unchanged)s unchanged."
                ) % {"updated": geo.updated, "unchanged": geo.unchanged})
        except LoadError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read the file: %(error)s") % {"error": exc}) from exc
