"""Indonesian translations of who pays an allocation apart from its fund (issue 16, item 1):
the payer and enactment date of allocations in the models, imports, forms, lists, filters,
the planner and the report workbook.

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/payer.py
"""

T = {
    # ucj.core.models.Payer (context "payer")
    "province": "provinsi",
    "regency/city": "kabupaten/kota",
    "village": "desa",
    "other": "lainnya",
    # ucj.budget.models.Allocation
    "payer": "pembayar",
    "enacted on": "tanggal penetapan",
    "Whose budget pays: the province, the regency/city, a village or another party. Only a "
    "region's own money counts as its budgeting.":
        "Anggaran siapa yang membayar: provinsi, kabupaten/kota, desa atau pihak lain. Hanya "
        "uang daerah sendiri yang dihitung sebagai penganggaran daerah itu.",
    "Date the budget stage was enacted (Perda APBD/APBD-P or DPA). Before it, views and "
    "reports of earlier months do not count this allocation.":
        "Tanggal tahap anggaran ditetapkan (Perda APBD/APBD-P atau DPA). Tampilan dan laporan "
        "bulan-bulan sebelum tanggal itu tidak menghitung alokasi ini.",
    "There is already an allocation for this region, fiscal year, budget stage, funding source "
    "and payer.":
        "Sudah ada alokasi untuk wilayah, tahun anggaran, tahap anggaran, sumber dana dan "
        "pembayar ini.",
    "The funding source %(fund)s is paid by the %(payer)s.":
        "Sumber dana %(fund)s dibayar oleh %(payer)s.",
    "DBHCHT is paid by the province or the regency/city.":
        "DBHCHT dibayar oleh provinsi atau kabupaten/kota.",
    "A regency/city pays only for its own workers: record it on the regency's row.":
        "Kabupaten/kota hanya membayar untuk pekerjanya sendiri: catat pada baris "
        "kabupaten/kota itu.",
    # forms, lists, filters (ucj/budget)
    "Per region, fiscal year, budget stage, funding source and payer: the money put in the "
    "budget for the contributions of the region's workers, for how many workers and how many "
    "months, and whose budget pays.":
        "Per wilayah, tahun anggaran, tahap anggaran, sumber dana dan pembayar: dana yang "
        "dianggarkan untuk iuran pekerja wilayah itu, untuk berapa pekerja dan berapa bulan, dan "
        "anggaran siapa yang membayar.",
    "Payer": "Pembayar",
    "Enacted on": "Tanggal penetapan",
    "Empty: the payer its funding source implies (DBHCHT: the level of the region).":
        "Kosong: pembayar menurut sumber dananya (DBHCHT: tingkat wilayahnya).",
    "Date of the Perda APBD/APBD-P or the DPA.": "Tanggal Perda APBD/APBD-P atau DPA.",
    # the planner's promotion
    "DBHCHT paid by": "DBHCHT dibayar oleh",
    "Whose DBHCHT the allocation records: the region's own by default.":
        "DBHCHT siapa yang dicatat pada alokasi: bawaannya milik daerah itu sendiri.",
    # the report workbook
    "Enacted": "Ditetapkan",
}
