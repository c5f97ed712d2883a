from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ucj.core.demo import load_demo


class Command(BaseCommand):
    help = ("Load the NTB demonstration data (regions, users, denominators, participation, "
            "commitments, allocations, realizations). Idempotent: only what is missing is "
            "created. Synthetic figures are flagged as such.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="load even when DEBUG is off (demo users have a known password)")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: demo users have a published password. "
                               "Use --force to load the demo data anyway.")
        result = load_demo()
        if result.total:
            parts = ", ".join(f"{k} {v}" for k, v in result.created.items() if v)
            self.stdout.write(f"Demo data loaded: {parts}.")
        else:
            self.stdout.write("Demo data already loaded: nothing changed.")
