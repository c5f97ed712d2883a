from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ucj.demo.loader import DATASETS, REASONS, load_demo


class Command(BaseCommand):
    help = ("Load the NTB demonstration data (regions, users, denominators, participation, "
            "commitments, allocations, realizations, forums). Adds only what is missing, never "
            "changes a record, and leaves alone every region and period that is submitted or "
            "approved or holds users' records (docs/decisions.md). When nothing is missing it "
            "says so and writes nothing. Synthetic figures are flagged as such.")
    # Quick when the demo is there: `make run` calls it at every start, after `migrate` (which
    # runs the system checks).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="say what would be added, per dataset and region, and what is "
                                 "left alone; write nothing")
        parser.add_argument("--force", action="store_true",
                            help="load even when DEBUG is off (demo users have a known password)")

    def handle(self, *args, dry_run=False, force=False, **options):
        if not settings.DEBUG and not force and not dry_run:
            raise CommandError("DEBUG is off: demo users have a published password. "
                               "Use --force to load the demo data anyway.")
        result = load_demo(dry_run=dry_run)
        plan = result.plan
        if dry_run:
            self._report(plan)
        elif result.total:
            parts = ", ".join(f"{k} {v}" for k, v in result.created.items() if v)
            self.stdout.write(f"Demo data loaded: {parts}.")
            self._left_alone(plan)
        else:
            self.stdout.write("Demo data already loaded: nothing to add, nothing changed.")
            if plan.left_alone:
                self.stdout.write(f"({len(plan.left_alone)} region-periods left alone: locked, "
                                  "or holding users' records; see --dry-run.)")

    def _report(self, plan) -> None:
        if plan.is_empty:
            self.stdout.write("Dry run: the demo is already loaded; nothing would be added.")
        else:
            self.stdout.write("Dry run (nothing written). Loading the demo would add:")
            counts = plan.counts()
            for what in ("regions", "boundaries", "tariffs", "users", "meetings"):
                if counts.get(what):
                    label = "tariff reference" if what == "tariffs" else what
                    self.stdout.write(f"  {label}: {counts[what]}")
            order = {slug: i for i, slug in enumerate(DATASETS)}
            for slug, code, n, first, last in sorted(plan.by_region(),
                                                     key=lambda r: (order[r[0]], r[1])):
                span = first if first == last else f"{first} … {last}"
                self.stdout.write(f"  {slug:<14} {code:<6} {plan.names.get(code, ''):<18} "
                                  f"{n:>5}  {span}")
        self._left_alone(plan)

    def _left_alone(self, plan) -> None:
        rows = plan.left_alone_by_region()
        if not rows:
            return
        self.stdout.write("Left alone (no demo record added there):")
        for slug, code, reason, periods in rows:
            span = ", ".join(periods) if len(periods) <= 4 else (
                f"{periods[0]} … {periods[-1]} ({len(periods)} periods)")
            self.stdout.write(f"  {slug:<14} {code:<6} {plan.names.get(code, ''):<18} "
                              f"{span}: {REASONS[reason]}")
