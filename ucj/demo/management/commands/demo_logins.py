from django.core.management.base import BaseCommand

from ucj.demo.loader import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        rows = demo_logins()
        width = max((len(r[0]) for r in rows), default=10)
        self.stdout.write("")
        self.stdout.write(f"UCJ Monitor demo: open {url} and sign in as one of these "
                          f"(password for all: {DEMO_PASSWORD})")
        for username, role, regions in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {regions}")
        self.stdout.write("")
