import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ucj.audit.seals import verify

WHAT = {
    "digest": "its events differ from the sealed ones (changed, removed or added)",
    "chain": "its seal does not follow the seal of the day before",
    "gap": "no seal for this day although later days are sealed",
    "before": "events dated before the first sealed day",
}


class Command(BaseCommand):
    help = ("Recompute every sealed day of the audit log from its events and compare with the "
            "seals. Prints the first day that differs and exits 1 on any difference. "
            "--expect DAY=DIGEST also compares a day with a digest written down elsewhere.")

    def add_arguments(self, parser):
        parser.add_argument("--expect", action="append", default=[], metavar="DAY=DIGEST",
                            help="a day's digest as noted by an inspector (repeatable)")

    def handle(self, *args, expect=(), **options):
        expected = {}
        for item in expect:
            try:
                day, digest = item.split("=", 1)
                expected[dt.date.fromisoformat(day.strip())] = digest.strip().lower()
            except ValueError:
                raise CommandError(f"--expect {item!r}: write DAY=DIGEST, e.g. "
                                   "2026-11-30=3f5a…") from None
        result = verify()
        problems = [f"{m.day:%Y-%m-%d}: {WHAT[m.what]}" + (
            f" (sealed {m.sealed.count} events #{m.sealed.first_event_id}–"
            f"#{m.sealed.last_event_id}, now {m.now.count} events #{m.now.first_event_id}–"
            f"#{m.now.last_event_id})" if m.what == "digest" else "")
            for m in sorted(result.mismatches, key=lambda m: m.day)]
        for day, digest in sorted(expected.items()):
            if day not in result.digests:
                problems.append(f"{day:%Y-%m-%d}: not a sealed day")
            elif result.digests[day] != digest:
                problems.append(f"{day:%Y-%m-%d}: the events now give {result.digests[day]}, "
                                f"not the digest noted ({digest})")
        if problems:
            days = sum(1 for m in result.mismatches if m.what == "digest")
            raise CommandError(
                "The audit log does NOT match its seals.\nFirst difference: " + problems[0]
                + (f"\n{days} sealed day(s) differ in all (each digest covers the days "
                   "before it)." if days > 1 else "")
                + "".join(f"\n  {p}" for p in problems[1:6]))
        if not result.days:
            self.stdout.write(f"No day is sealed yet ({result.unsealed_events} events): "
                              "manage.py audit_seal (and the worker) seals each day an hour "
                              "after it ends.")
            return
        last = result.last
        self.stdout.write(
            f"The audit log matches its seals: {result.days} day(s), {result.first.day:%Y-%m-%d}"
            f" to {last.day:%Y-%m-%d}.\nLast sealed day {last.day:%Y-%m-%d}: {last.count} events,"
            f" digest {last.digest}\n{result.unsealed_events} later event(s) not sealed yet.")
