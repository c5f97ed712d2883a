from django.core.management.base import BaseCommand

from ucj.audit.models import AuditSeal
from ucj.audit.seals import GRACE, first_day, last_sealable_day, seal_days


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
            until, first = last_sealable_day(), first_day()
            if AuditSeal.objects.exists():
                self.stdout.write(f"Nothing to seal: every day up to {until:%Y-%m-%d} is sealed "
                                  f"(a day is sealed {hours} h after it ends).")
            elif first is None:
                self.stdout.write("Nothing to seal: the audit log is empty.")
            else:  # the log began today (or an hour ago, yesterday)
                self.stdout.write(f"Nothing to seal yet: the audit log begins on "
                                  f"{first:%Y-%m-%d}, which is sealed {hours} h after it ends.")
