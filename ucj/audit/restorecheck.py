"""What a restore checks of the audit log (registered with ``ucj.core.backup.checks`` by the
audit app's AppConfig): the restored events against their daily seals."""

from __future__ import annotations

from ucj.audit.seals import verify


def restored_seals(key_hex: str, counts: dict[str, int]) -> tuple[list[str], list[str]]:
    """(notes, problems) of the restore's check of the audit log."""
    audit = verify()
    if not audit.ok:
        return [], [f"the audit log does not match its seals ({len(audit.mismatches)} "
                    "differences; run manage.py audit_verify)"]
    return [f"audit: {counts.get('audit_auditevent', 0)} events, "
            f"{audit.days} sealed days verified"], []
