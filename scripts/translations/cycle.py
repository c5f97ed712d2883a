"""Indonesian translations of the budget cycle (issue 17, ucj/cycle).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/cycle.py
"""

T = {
    "Budget cycle": "Siklus anggaran",
    "Budget calendar": "Kalender anggaran",
    "Budget calendar %(year)s": "Kalender anggaran %(year)s",
    "Proposal in RKPD / KUA-PPAS": "Usulan dalam RKPD / KUA-PPAS",
    "Draft APBD submitted to DPRD": "Rancangan APBD diajukan ke DPRD",
    "Draft APBD-P submitted to DPRD": "Rancangan APBD-P diajukan ke DPRD",
    "Joint approval with DPRD": "Persetujuan bersama dengan DPRD",
    "Governor's evaluation": "Evaluasi Gubernur",
    "Perda APBD enacted": "Perda APBD ditetapkan",
    "Perda APBD-P enacted": "Perda APBD-P ditetapkan",
    "DPA approved": "DPA disahkan",
    "DPA-P approved": "DPA-P disahkan",
    "First payment (SP2D)": "Pembayaran pertama (SP2D)",
    "Proposal": "Usulan",
    "RAPBD": "RAPBD",
    "Joint approval": "Persetujuan bersama",
    "Evaluation": "Evaluasi",
    "Perda": "Perda",
    "DPA": "DPA",
    "SP2D": "SP2D",
    "in line (sesuai)": "sesuai",
    "needs improvement (perlu penyempurnaan)": "perlu penyempurnaan",
    "step": "tahap",
    "Step": "Tahap",
    "date": "tanggal",
    "document (PDF)": "dokumen (PDF)",
    "document file name": "nama berkas dokumen",
    "outcome of the evaluation": "hasil evaluasi",
    "Outcome of the evaluation": "Hasil evaluasi",
    "province's note": "catatan provinsi",
    "Province's note": "Catatan provinsi",
    "This step is already recorded for this region, fiscal year and stage.":
        "Tahap ini sudah dicatat untuk daerah, tahun anggaran, dan tahap anggaran ini.",
    "budget cycle step": "tahap siklus anggaran",
    "budget cycle steps": "tahap siklus anggaran",
    "Choose the outcome of the Governor's evaluation.": "Pilih hasil evaluasi Gubernur.",
    "Only the Governor's evaluation has an outcome and a province's note.":
        "Hanya evaluasi Gubernur yang memiliki hasil dan catatan provinsi.",
    "A step of the %(year)s budget happens in %(before)s or %(year)s, not on %(date)s.":
        "Tahap anggaran %(year)s terjadi pada tahun %(before)s atau %(year)s, bukan tanggal "
        "%(date)s.",
    "due date": "tenggat",
    "Due date": "Tenggat",
    "Due": "Tenggat",
    "due": "tenggat",
    "legal basis": "dasar hukum",
    "Legal basis": "Dasar hukum",
    "budget calendar due date": "tenggat kalender anggaran",
    "budget calendar due dates": "tenggat kalender anggaran",
    "A due date of the %(year)s budget falls in %(before)s or %(year)s.":
        "Tenggat anggaran %(year)s jatuh pada tahun %(before)s atau %(year)s.",
    "The date %(date)s is in the future: record a step once it has happened.":
        "Tanggal %(date)s belum terjadi: catat tahap setelah terlaksana.",
    "on time": "tepat waktu",
    "late": "terlambat",
    "missing": "belum ada",
    "not yet due": "belum jatuh tempo",
    "complete, on time": "lengkap, tepat waktu",
    "complete, with late steps": "lengkap, ada yang terlambat",
    "a step missing": "ada tahap tertinggal",
    "on track": "berjalan",
    "Date": "Tanggal",
    "The day the step happened (the document's date).":
        "Tanggal tahap terlaksana (tanggal dokumen).",
    "Document (PDF)": "Dokumen (PDF)",
    "Optional. A PDF; a new file replaces the one stored.":
        "Opsional. Berkas PDF; berkas baru menggantikan yang tersimpan.",
    "Note": "Catatan",
    "What the regency must improve, e.g. the worker-protection line to keep or add.":
        "Hal yang perlu disempurnakan kabupaten/kota, mis. belanja iuran pekerja rentan yang "
        "perlu dipertahankan atau ditambahkan.",
    "The article that sets the date, once checked against its text; otherwise "
    "“Ditetapkan provinsi”.":
        "Pasal yang menetapkan tanggal, setelah diperiksa pada naskahnya; jika belum, "
        "“Ditetapkan provinsi”.",
    "%(step)s of %(region)s recorded.": "%(step)s %(region)s dicatat.",
    "Due date saved.": "Tenggat disimpan.",
    "Steps per region": "Tahapan per daerah",
    "Commitments followed through": "Tindak lanjut komitmen",
    "Calendar": "Kalender",
    "Fiscal year": "Tahun anggaran",
    "Budget stage": "Tahap anggaran",
    "As of": "Per tanggal",
    "Show": "Tampilkan",
    "Where each regency's worker-protection line stands, from the proposal to the first "
    "payment, against the year's calendar, as of %(day)s.":
        "Posisi belanja iuran pekerja rentan setiap kabupaten/kota, dari usulan sampai "
        "pembayaran pertama, dibandingkan kalender anggaran, per %(day)s.",
    "d": "hr",
    "A step is late when its date is after the due date, missing when the due date has "
    "passed without it. The Governor's evaluation is recorded by the province.":
        "Tahap terlambat bila tanggalnya melewati tenggat, belum ada bila tenggat sudah lewat "
        "tanpa tahap itu. Evaluasi Gubernur dicatat oleh provinsi.",
    "The calendar and its legal bases": "Kalender dan dasar hukumnya",
    "No region has this status.": "Tidak ada daerah dengan status ini.",
    "No regency in your scope.": "Tidak ada kabupaten/kota dalam cakupan Anda.",
    "%(n)s of %(total)s steps recorded, as of %(day)s.":
        "%(n)s dari %(total)s tahap tercatat, per %(day)s.",
    "Recorded by": "Dicatat oleh",
    "demo loader": "pemuat data demo",
    "Correct": "Koreksi",
    "Record": "Catat",
    "Recorded by the province.": "Dicatat oleh provinsi.",
    "Commitment %(year)s followed through": "Tindak lanjut komitmen %(year)s",
    "Commitments %(year)s followed through": "Tindak lanjut komitmen %(year)s",
    "Committed": "Komitmen",
    "Planned": "Direncanakan",
    "Budgeted": "Dianggarkan",
    "Funded (registry)": "Didanai (registri)",
    "Funded (BPJS)": "Didanai (BPJS)",
    "The Governor's evaluation of the regency's draft APBD, recorded by the province: its "
    "outcome and the province's note are shown to the regency.":
        "Evaluasi Gubernur atas rancangan APBD kabupaten/kota, dicatat oleh provinsi: hasil dan "
        "catatan provinsi ditampilkan kepada kabupaten/kota.",
    "Stored": "Tersimpan",
    "The due date of each step, against which steps are late or missing. The province keeps "
    "it; a date without a checked article says “Ditetapkan provinsi”.":
        "Tenggat setiap tahap, sebagai acuan tahap terlambat atau belum ada. Provinsi "
        "mengelolanya; tenggat tanpa pasal yang sudah diperiksa bertanda “Ditetapkan provinsi”.",
    "default": "bawaan",
    "Workers the region committed to fund → planned in its saved plan → budgeted in its "
    "allocations → funded (registry enrollments active or registered; government-funded "
    "participants BPJS reported). The small figures are the difference from the commitment.":
        "Pekerja yang dijanjikan didanai daerah → direncanakan dalam skenario tersimpan → "
        "dianggarkan dalam alokasi → didanai (pendaftaran registri aktif atau terdaftar; peserta "
        "yang didanai pemerintah menurut BPJS). Angka kecil adalah selisih dari komitmen.",
    "in budget": "dianggarkan",
    "own": "sendiri",
}

PLURALS = {
    "%(days)s day late": "terlambat %(days)s hari",
}
