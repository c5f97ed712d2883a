"""Indonesian translations of the submission workflow's pages (issue 3, part 4).

    scripts/update-messages scripts/translations/submissions.py

Terms: submission = verifikasi data (was: pengiriman), submit = kirim, submitted = dikirim, approve = setujui,
approved = disetujui, returned = dikembalikan, reopen = buka kembali, draft = draf,
reason = alasan.
"""

T = {
    # states and the "not approved" label
    "draft": "draf",
    "submitted": "dikirim",
    "approved": "disetujui",
    "returned": "dikembalikan",
    "not approved · %(state)s": "belum disetujui · %(state)s",
    "Approval": "Persetujuan",
    # model
    "dataset": "jenis data",
    "period": "periode",
    "2025 or 2025-06": "2025 atau 2025-06",
    "state": "status",
    "last submitted": "terakhir dikirim",
    "last approved": "terakhir disetujui",
    "reason": "alasan",
    "Why it was returned or reopened.": "Mengapa dikembalikan atau dibuka kembali.",
    "submission": "verifikasi data",
    "submissions": "verifikasi data",
    # services
    "The %(dataset)s of %(region)s for %(period)s are approved and locked. Ask the province "
    "to reopen them.":
        "%(dataset)s %(region)s untuk %(period)s sudah disetujui dan dikunci. Minta provinsi "
        "membukanya kembali.",
    "The %(dataset)s of %(region)s for %(period)s have been submitted for verification and "
    "are locked until the province returns them.":
        "%(dataset)s %(region)s untuk %(period)s sudah dikirim untuk verifikasi dan dikunci "
        "sampai provinsi mengembalikannya.",
    "These figures cannot be submitted: they are %(state)s.":
        "Angka ini tidak dapat dikirim: statusnya %(state)s.",
    "There are no figures to submit for this period.":
        "Belum ada angka untuk dikirim pada periode ini.",
    "Only submitted figures can be returned; these are %(state)s.":
        "Hanya angka yang sudah dikirim yang dapat dikembalikan; angka ini berstatus %(state)s.",
    "Say why the figures are returned.": "Tuliskan alasan angka ini dikembalikan.",
    "These figures cannot be approved: they are %(state)s.":
        "Angka ini tidak dapat disetujui: statusnya %(state)s.",
    "There are no figures to approve for this period.":
        "Belum ada angka untuk disetujui pada periode ini.",
    "approved without submission (back-data)": "disetujui tanpa diajukan (data lama)",
    "Only approved figures can be reopened; these are %(state)s.":
        "Hanya angka yang sudah disetujui yang dapat dibuka kembali; angka ini berstatus "
        "%(state)s.",
    "Say why the figures are reopened.": "Tuliskan alasan angka ini dibuka kembali.",
    # views
    "Choose the rows to approve first.": "Pilih dulu baris yang akan disetujui.",
    "Approved: %(n)s submissions.": "Disetujui: %(n)s verifikasi data.",
    "Nothing was approved: %(reason)s": "Tidak ada yang disetujui: %(reason)s",
    "Submitted for verification: %(what)s.": "Dikirim untuk verifikasi: %(what)s.",
    "Approved: %(what)s.": "Disetujui: %(what)s.",
    "Returned to the region: %(what)s.": "Dikembalikan ke daerah: %(what)s.",
    "Reopened: %(what)s.": "Dibuka kembali: %(what)s.",
    # filters
    "Dataset": "Jenis data",
    "Period": "Periode",
    "State": "Status",
    "all datasets": "semua jenis data",
    "all states": "semua status",
    "Enter a year (2025) or a month (2025-06).": "Masukkan tahun (2025) atau bulan (2025-06).",
    "The filters are not valid.": "Filter tidak valid.",
    # the overview
    "Submissions": "Verifikasi data",
    "The approval state of each region's figures, per dataset and period. Regions submit "
    "their figures for verification; the province approves them or returns them with a "
    "reason. Unapproved figures stay visible everywhere, labelled as not approved.":
        "Status persetujuan angka setiap daerah, per jenis data dan periode. Daerah mengirim "
        "angkanya untuk diverifikasi; provinsi menyetujuinya atau mengembalikannya dengan "
        "alasan. Angka yang belum disetujui tetap tampil di mana-mana, dengan label belum "
        "disetujui.",
    "Approve several at once (e.g. back-data): tick the draft or submitted rows, then":
        "Setujui beberapa sekaligus (mis. data lama): centang baris draf atau dikirim, lalu",
    "Approve the ticked rows": "Setujui baris yang dicentang",
    "Tick to approve": "Centang untuk menyetujui",
    "Records": "Jumlah data",
    "Reason": "Alasan",
    "Last submitted": "Terakhir dikirim",
    "Last approved": "Terakhir disetujui",
    # one submission
    "Approved by the province. The figures are locked until the province reopens them.":
        "Disetujui oleh provinsi. Angka dikunci sampai provinsi membukanya kembali.",
    "Submitted for verification. The figures are locked until the province approves or "
    "returns them.":
        "Dikirim untuk verifikasi. Angka dikunci sampai provinsi menyetujui atau "
        "mengembalikannya.",
    "Returned by the province: the region corrects the figures and submits them again.":
        "Dikembalikan oleh provinsi: daerah memperbaiki angka lalu mengirimkannya lagi.",
    "Draft: the region may still change the figures, then submits them for verification.":
        "Draf: daerah masih dapat mengubah angka, lalu mengirimkannya untuk verifikasi.",
    "All records of this region": "Semua data daerah ini",
    "Actions": "Tindakan",
    "Reason for returning": "Alasan pengembalian",
    "Reason for reopening": "Alasan dibuka kembali",
    "Send these figures to the province for verification. They are locked until the "
    "province approves or returns them.":
        "Kirim angka ini ke provinsi untuk diverifikasi. Angka dikunci sampai provinsi "
        "menyetujui atau mengembalikannya.",
    "Submit for verification": "Kirim untuk verifikasi",
    "These figures have not been submitted. The province may approve them directly (e.g. "
    "back-data).":
        "Angka ini belum dikirim. Provinsi dapat langsung menyetujuinya (mis. data lama).",
    "Approve the figures as they are. They are locked after approval.":
        "Setujui angka apa adanya. Setelah disetujui, angka dikunci.",
    "Approve": "Setujui",
    "Say what the region must correct.": "Tuliskan apa yang harus diperbaiki daerah.",
    "Return to the region": "Kembalikan ke daerah",
    "The figures become a draft again: the region may change them and submit them again.":
        "Angka kembali menjadi draf: daerah dapat mengubah lalu mengirimkannya lagi.",
    "Reopen": "Buka kembali",
    "No action is open to you in this state.":
        "Tidak ada tindakan yang dapat Anda lakukan pada status ini.",
    "There are no figures for this period yet.": "Belum ada angka untuk periode ini.",
    "Changes since the last approval": "Perubahan sejak persetujuan terakhir",
    "No changes since the last approval.": "Tidak ada perubahan sejak persetujuan terakhir.",
    "Row": "Baris",
    "Field": "Kolom",
    "Approved value": "Nilai disetujui",
    "Current value": "Nilai sekarang",
    # record pages
    "Submission of this period": "Verifikasi data periode ini",
    "Open the submission": "Buka verifikasi data",
    "Locked: changes are refused until the province returns or reopens these figures.":
        "Terkunci: perubahan ditolak sampai provinsi mengembalikan atau membuka kembali "
        "angka ini.",
}

PLURALS = {
    "%(counter)s record": "%(counter)s data",
}
