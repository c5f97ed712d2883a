"""Run the housekeeping jobs of ucj/core/housekeeping.py once (for cron, where no worker runs
them): one line per job with its count; exits non-zero if one failed."""

from django.core.management.base import BaseCommand, CommandError

from ucj.core.housekeeping import run_all


class Command(BaseCommand):
    help = "Run the housekeeping jobs once (removing abandoned uploads, …)."

    def handle(self, *args, **options):
        failed = []
        for outcome in run_all():
            if outcome.count is None:
                failed.append(outcome.job)
                self.stderr.write(f"{outcome.job}: failed ({outcome.error})")
            else:
                self.stdout.write(f"{outcome.job}: {outcome.count} ({outcome.seconds:.2f} s)")
        if failed:
            raise CommandError(f"{len(failed)} housekeeping job(s) failed: {', '.join(failed)}")
