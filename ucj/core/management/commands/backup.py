"""``manage.py backup --out DIR``: one encrypted archive of the database, the stored files and
the NIK key (ucj/core/backup/; docs/deploy.md "Backups and restore")."""

import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ucj.core.backup import MIN_PASSPHRASE, BackupError, make_backup

DEFAULT_ENV = "UCJ_BACKUP_PASSPHRASE"


def add_passphrase_arguments(parser) -> None:
    parser.add_argument("--passphrase-env", default=DEFAULT_ENV, metavar="NAME",
                        help=f"environment variable holding the passphrase (default {DEFAULT_ENV})")
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help="file whose first line is the passphrase (keep it mode 600)")


def passphrase(options, *, confirm: bool) -> str:
    """From --passphrase-file, else the environment variable, else asked on the terminal; never
    from the command line itself (it would show in `ps` and the shell's history)."""
    if options.get("passphrase_file"):
        try:
            text = Path(options["passphrase_file"]).read_text().splitlines()
        except OSError as exc:
            raise CommandError(f"Cannot read the passphrase file: {exc.strerror}") from None
        if not text or not text[0]:
            raise CommandError("The passphrase file is empty.")
        return text[0]
    value = os.environ.get(options["passphrase_env"], "")
    if value:
        return value
    if not sys.stdin.isatty():
        raise CommandError(f"No passphrase: set {options['passphrase_env']} or give "
                           "--passphrase-file (no terminal to ask on).")
    value = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("Again: ") != value:
        raise CommandError("The two passphrases differ.")
    return value


class Command(BaseCommand):
    help = ("Write one encrypted backup (database dump, stored files, NIK key, manifest) into "
            f"DIR. The passphrase comes from {DEFAULT_ENV}, --passphrase-file or the terminal "
            f"(at least {MIN_PASSPHRASE} characters). Prints the archive's path last.")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DIR",
                            help="folder for the archive (made, mode 700, if missing)")
        add_passphrase_arguments(parser)

    def handle(self, *args, **options):
        secret = passphrase(options, confirm=True)
        try:
            result = make_backup(Path(options["out"]), secret,
                                 say=lambda text: self.stdout.write(text))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup: {result.size:,} bytes, "
                          f"{len(result.manifest['entries'])} entries")
        self.stdout.write(str(result.path))
