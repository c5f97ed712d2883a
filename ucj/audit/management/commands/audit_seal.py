from django.core.management.base import BaseCommand

from ucj.audit.seals import GRACE, last_sealable_day, seal_days


class Command(BaseCommand):
    help = ("Seal every complete day of the audit log not sealed yet (days in TIME_ZONE, up to "
            "yesterday, once it has been over for an hour): a SHA-256 digest of the day's "
            "events chained to the day before. Idempotent; the worker runs it too.")

    def handle(self, *args, **options):
        sealed = seal_days()
        for seal in sealed:
            self.stdout.write(f"{seal.day:%Y-%m-%d}  {seal.count:>7} events  {seal.digest}")
        if sealed:
            self.stdout.write(f"Sealed {len(sealed)} day(s); the last: {sealed[-1].day:%Y-%m-%d} "
                              f"{sealed[-1].digest}")
        else:
            hours = int(GRACE.total_seconds() // 3600)
            self.stdout.write(f"Nothing to seal: every day up to {last_sealable_day():%Y-%m-%d} "
                              f"is sealed (a day is sealed {hours} h after it ends).")
