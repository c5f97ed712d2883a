"""manage.py send_forum_reminders [--dry-run] [--today YYYY-MM-DD] [--base-url URL]

E-mails each active user who asked for it (``User.reminder_emails``) and has an e-mail address
the list of their forum action items that are overdue or due within the province's due-soon
window (``ucj.policy``): one plain-text e-mail in Indonesian per user, none to a user with
nothing to report. Does nothing unless the server sends reminder e-mail
(UCJ_REMINDER_EMAILS=1). Meant for a daily cron job."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.forums import selectors
from ucj.forums.views.actions import mark_due


def reminder_message(user, reminders, *, base_url: str) -> tuple[str, str]:
    """(subject, body) of one user's reminder e-mail, in the active language."""
    mark_due(reminders.overdue + reminders.due_soon, reminders.today, reminders.days)
    subject = _("UCJ Monitor: %(overdue)s overdue and %(soon)s due soon (forum action items)") % {
        "overdue": len(reminders.overdue), "soon": len(reminders.due_soon)}
    body = render_to_string("forums/reminder_email.txt", {
        "name": user.full_name or user.username, "reminders": reminders,
        "today": reminders.today, "base_url": base_url.rstrip("/")})
    return subject, body


class Command(BaseCommand):
    help = ("E-mail forum reminders (overdue and due-soon action items) to the users who asked "
            "for them. Does nothing unless UCJ_REMINDER_EMAILS is on.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="print who would get which e-mail, send nothing")
        parser.add_argument("--today", help="the date to compute overdue/due soon for "
                                            "(YYYY-MM-DD; default: today)")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000",
                            help="the address of UCJ Monitor, for the links in the e-mail")

    def handle(self, *args, dry_run: bool, today: str | None, base_url: str, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today must be a date as YYYY-MM-DD") from exc
        if not settings.UCJ_REMINDER_EMAILS:
            self.stdout.write("Reminder e-mail is off (set UCJ_REMINDER_EMAILS=1 to send it): "
                              "nothing sent.")
            return
        users = (User.objects.filter(is_active=True, reminder_emails=True).exclude(email="")
                 .order_by("username"))
        sent = 0
        with translation.override("id"):
            for user in users:
                reminders = selectors.reminders(user, today=day)
                if not reminders.count:
                    continue
                subject, body = reminder_message(user, reminders, base_url=base_url)
                if dry_run:
                    self.stdout.write(f"would send to {user.username} <{user.email}>: "
                                      f"{len(reminders.overdue)} overdue, "
                                      f"{len(reminders.due_soon)} due soon")
                else:
                    send_mail(subject, body, None, [user.email])
                sent += 1
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{sent} reminder e-mail(s) {verb} ({day.isoformat()}).")
