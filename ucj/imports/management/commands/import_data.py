"""manage.py import_data DATASET FILE --user USERNAME [--dry-run] [--confirm-warnings]

The same import as the web upload: every row validated, then all applied in one transaction,
or nothing. Exits non-zero, listing the row errors, when the file is invalid."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ucj.accounts.models import User
from ucj.core.services import ConfirmationRequired
from ucj.imports.services import import_file_now, plan_file
from ucj.imports.specs import SPECS

MAX_LISTED = 200


class Command(BaseCommand):
    help = "Import a spreadsheet (.xlsx or CSV) of one dataset, as the given user."
    requires_system_checks = []  # a data command: start fast (run `manage.py check` apart)

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username whose scope and role apply")
        parser.add_argument("--dry-run", action="store_true",
                            help="validate and show what would change; write nothing")
        parser.add_argument("--confirm-warnings", action="store_true",
                            help="apply even if some values look implausible")
        parser.add_argument("--lang", default="id", choices=["id", "en"],
                            help="language of the messages (default: id)")

    def handle(self, *args, dataset: str, file: Path, user: str, dry_run: bool,
               confirm_warnings: bool, lang: str, **options):
        with translation.override(lang):
            self._handle(dataset=dataset, file=file, user=user, dry_run=dry_run,
                         confirm_warnings=confirm_warnings)

    def _handle(self, *, dataset: str, file: Path, user: str, dry_run: bool,
                confirm_warnings: bool):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user “{user}”.")
        if not file.is_file():
            raise CommandError(f"File not found: {file}")
        data = file.read_bytes()
        try:
            if dry_run:
                plan, _table = plan_file(actor=actor, dataset=dataset, data=data,
                                         file_name=file.name)
                self._print_plan(plan)
                if not plan.is_valid:
                    raise CommandError(self._errors(plan))
                self.stdout.write("Dry run: nothing was written.")
                return
            plan, job = import_file_now(actor=actor, dataset=dataset, data=data,
                                        file_name=file.name, confirm_warnings=confirm_warnings)
        except PermissionDenied as exc:
            raise CommandError(f"User “{user}” may not enter {dataset}.") from exc
        except ConfirmationRequired as exc:
            for warning in exc.warnings[:MAX_LISTED]:
                self.stderr.write(f"  ! {warning}")
            raise CommandError(
                f"{len(exc.warnings)} warning(s): check the values, then run again with "
                "--confirm-warnings. Nothing was written.") from exc
        except ValidationError as exc:
            messages = exc.messages
            for message in messages[:MAX_LISTED]:
                self.stderr.write(f"  {message}")
            if len(messages) > MAX_LISTED:
                self.stderr.write(f"  … and {len(messages) - MAX_LISTED} more")
            raise CommandError(f"{len(messages)} error(s) in {file.name}. Nothing was written.") from exc
        self._print_plan(plan)
        self.stdout.write(self.style.SUCCESS(f"Applied import {job.id} ({job.seconds} s)."))

    def _print_plan(self, plan) -> None:
        if plan.file_errors:
            return
        self.stdout.write(
            f"{plan.dataset}: {plan.rows_total} rows read, {plan.rows_skipped} left unfilled; "
            f"{len(plan.created)} new, {len(plan.changed)} changed, {len(plan.unchanged)} "
            f"unchanged, {plan.invalid_rows} rows with errors, {len(plan.warned)} with warnings.")
        for r in plan.changed[:MAX_LISTED]:
            changes = ", ".join(f"{k}: {old} → {new}" for k, (old, new) in r.changes.items())
            self.stdout.write(f"  ~ row {r.row} {r.label}: {changes}")
        for r in plan.warned[:MAX_LISTED]:
            for warning in r.warnings:
                self.stdout.write(f"  ! row {r.row} {r.label}: {warning}")

    def _errors(self, plan) -> str:
        for problem in plan.problems[:MAX_LISTED]:
            self.stderr.write(f"  {problem.message}")
        if len(plan.problems) > MAX_LISTED:
            self.stderr.write(f"  … and {len(plan.problems) - MAX_LISTED} more")
        return f"{len(plan.problems)} error(s). Nothing was written."
