"""The agencies that attend forums and own action items, seeded by a data migration (and by
``load_demo`` after a flush). Plain data, not code: another province adds its own rows."""

AGENCIES = [
    # code, short name, full name
    ("disnakertrans", "Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("disnaker", "Disnaker", "Dinas Tenaga Kerja"),
    ("bappeda", "Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("bpjs-tk", "BPJS TK", "BPJS Ketenagakerjaan"),
    ("dinsos", "Dinsos", "Dinas Sosial"),
    ("dpmd", "DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("setda", "Setda", "Sekretariat Daerah"),
    ("hukum", "Bagian Hukum", "Biro/Bagian Hukum Sekretariat Daerah"),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah"),
    ("dprd", "DPRD", "Dewan Perwakilan Rakyat Daerah"),
    ("lainnya", "Lainnya", "Instansi lain"),
]


# The role whose users work for an agency and update only its action items (``operator_role``).
OPERATOR_ROLES = {"bpjs-tk": "bpjs_operator"}


def seed(Agency) -> int:
    """Create the agencies that are missing (by code); never change existing ones."""
    existing = set(Agency.objects.values_list("code", flat=True))
    new = [Agency(code=code, name=name, full_name=full, order=order,
                  operator_role=OPERATOR_ROLES.get(code, ""))
           for order, (code, name, full) in enumerate(AGENCIES, start=1) if code not in existing]
    Agency.objects.bulk_create(new)
    return len(new)
