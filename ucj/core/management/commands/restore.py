"""``manage.py restore --from FILE``: an archive of ``manage.py backup`` back into an empty
database and data folder, then checked (ucj/core/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ucj.core.backup import BackupError, restore_archive, verify_archive
from ucj.core.management.commands.backup import add_passphrase_arguments, passphrase


class Command(BaseCommand):
    help = ("Restore a backup into an empty database (refuses one with data unless --force): "
            "the database, the stored files and the NIK key; then checks the files against the "
            "manifest's checksums, every table's row count, the audit seals and the registry's "
            "NIKs. Exits 1 on any difference. --verify-only only checks the archive.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, metavar="FILE")
        parser.add_argument("--force", action="store_true",
                            help="replace a database with data, and stored files that differ")
        parser.add_argument("--verify-only", action="store_true",
                            help="decrypt and check every checksum; restore nothing")
        parser.add_argument("--key-out", metavar="FILE",
                            help="where to write the NIK key when it belongs in UCJ_NIK_KEY "
                                 "(default: nik.key.from-backup in the data folder)")
        add_passphrase_arguments(parser)

    def handle(self, *args, **options):
        secret = passphrase(options, confirm=False)
        source = Path(options["source"])
        try:
            if options["verify_only"]:
                manifest = verify_archive(source, secret)
                rows = sum(manifest["counts"].values())
                self.stdout.write(
                    f"archive OK: made {manifest['created']}, {manifest['database']['vendor']} "
                    f"database ({len(manifest['counts'])} tables, {rows} rows), "
                    f"{sum(1 for e in manifest['entries'] if e['kind'] in ('storage', 'registry'))}"
                    f" files, key fingerprint {manifest['key']['fingerprint']}, made by "
                    f"commit {manifest['application'].get('commit') or 'unknown'}")
                return
            result = restore_archive(
                source, secret, force=options["force"],
                key_out=Path(options["key_out"]) if options["key_out"] else None,
                say=lambda text: self.stdout.write(text))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(f"database: {result.tables} tables, {result.rows} rows")
        if result.problems:
            raise CommandError("The restore does NOT match the backup:\n- "
                               + "\n- ".join(result.problems))
        self.stdout.write(self.style.SUCCESS("restore: every file, row count and audit seal "
                                             "matches the backup"))
