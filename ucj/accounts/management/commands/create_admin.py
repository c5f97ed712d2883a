"""manage.py create_admin --username NAME --region CODE [--full-name TEXT]
manage.py create_admin --username NAME --national [--full-name TEXT]

A province administrator, made by the server's operator: the first one of a new installation
(docs/deploy.md, step 5), or a way back in. With --national: a national viewer (a ministry or
BPJS's head office; every province's aggregates, no record), which no province admin may
make. The password is asked twice on the terminal, or
read from the environment variable named by --password-env (default UCJ_ADMIN_PASSWORD);
never from the command line, where other users of the machine would see it."""

from __future__ import annotations

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ucj.accounts.services import admin_create_from_console
from ucj.regions.models import Region


class Command(BaseCommand):
    help = ("Create a province administrator (the first one, or a way back in), or with "
            "--national a national viewer.")

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--region", help="the province's code, e.g. 52")
        where.add_argument("--national", action="store_true",
                           help="a national viewer (bound to no region)")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--password-env", default="UCJ_ADMIN_PASSWORD", metavar="NAME",
                            help="environment variable holding the password "
                                 "(default UCJ_ADMIN_PASSWORD); else it is asked twice")

    def handle(self, *args, **o):
        region = None
        if not o["national"]:
            region = Region.objects.filter(code=o["region"]).defer("geometry").first()
            if region is None:
                raise CommandError(f"No region with code {o['region']}: load the regions first.")
        password = os.environ.get(o["password_env"], "")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords differ.")
        try:
            user = admin_create_from_console(username=o["username"], password=password,
                                             region=region, full_name=o["full_name"],
                                             national=o["national"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if region is None:
            self.stdout.write(f"National viewer {user.username} created.")
        else:
            self.stdout.write(
                f"Province administrator {user.username} created for {region.name}.")
