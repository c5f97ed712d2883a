"""Indonesian translations of the reconciliation with BPJS (issue 17, item 4).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/reconciliation.py
"""

T = {
    "Reconciliation": "Rekonsiliasi",
    "Reconciliation with BPJS": "Rekonsiliasi dengan BPJS",
    "Regency/city's own money (APBD kabupaten/kota + its DBHCHT)":
        "Uang kabupaten/kota sendiri (APBD kabupaten/kota + DBHCHT-nya)",
    "Province's money on the regency's workers (APBD provinsi + the province's DBHCHT)":
        "Uang provinsi untuk pekerja kabupaten/kota ini (APBD provinsi + DBHCHT provinsi)",
    "Villages' money (Dana Desa/APBDes)": "Uang desa (Dana Desa/APBDes)",
    "Other payers (CSR/other)": "Pembayar lain (CSR/lainnya)",
    "Province's money on the workers of all its regencies (APBD provinsi + the province's "
    "DBHCHT)": "Uang provinsi untuk pekerja seluruh kabupaten/kota (APBD provinsi + DBHCHT "
               "provinsi)",
    "agree": "sesuai",
    "differ": "berselisih",
    "incomplete": "belum lengkap",
    "no data": "tidak ada data",
    "Realization for this month not recorded yet.": "Realisasi bulan ini belum dicatat.",
    "Nothing budgeted for this month.": "Tidak ada anggaran untuk bulan ini.",
    "BPJS data of %(n)s of %(total)s regencies only.":
        "Data BPJS baru dari %(n)s dari %(total)s kabupaten/kota.",
    "BPJS data for this month not yet available.": "Data BPJS bulan ini belum ada.",
    "%(n)s workers of the registry chosen but not yet registered with BPJS.":
        "%(n)s pekerja di registri sudah dipilih tetapi belum terdaftar di BPJS.",
    "Registry not uploaded.": "Registri belum diunggah.",
    "BPJS reports %(n)s fewer than paid: invoices not yet processed or participants inactive.":
        "BPJS melaporkan %(n)s lebih sedikit dari yang dibayar: tagihan belum diproses atau "
        "peserta nonaktif.",
    "BPJS reports %(n)s more than paid: a payment not yet recorded here, or workers of another "
    "payer counted under this one.":
        "BPJS melaporkan %(n)s lebih banyak dari yang dibayar: ada pembayaran yang belum "
        "dicatat di sini, atau pekerja pembayar lain terhitung di baris ini.",
    "The registry has %(n)s fewer paid workers than paid: the list is incomplete or not yet "
    "matched with a BPJS participant file.":
        "Registri mencatat %(n)s pekerja terbayar lebih sedikit dari yang dibayar: daftar belum "
        "lengkap atau belum dicocokkan dengan berkas peserta BPJS.",
    "The registry has %(n)s more paid workers than paid: a realization not yet recorded, or "
    "workers funded twice.":
        "Registri mencatat %(n)s pekerja terbayar lebih banyak dari yang dibayar: ada realisasi "
        "yang belum dicatat, atau pekerja dibiayai dua kali.",
    "The registry has %(n)s fewer paid workers than BPJS reports.":
        "Registri mencatat %(n)s pekerja terbayar lebih sedikit dari laporan BPJS.",
    "The registry has %(n)s more paid workers than BPJS reports.":
        "Registri mencatat %(n)s pekerja terbayar lebih banyak dari laporan BPJS.",
    "The three sources agree.": "Ketiga sumber sesuai.",
    "The sources present agree; one is missing.":
        "Sumber yang ada sesuai; satu sumber belum ada.",
    "overdue: last paid before this month": "terlambat: terakhir dibayar sebelum bulan ini",
    "lapses next month": "berhenti bulan depan",
    "lapses in two months": "berhenti dua bulan lagi",
    "Month": "Bulan",
    "All regions": "Semua wilayah",
    "Only differences": "Hanya yang berselisih",
    "Show": "Tampilkan",
    "Per region, for %(month)s: the workers the region says it paid for (realization), the "
    "government-funded participants BPJS Ketenagakerjaan reports, and the registry's funded "
    "workers paid for that month. Each row compares one payer's money: a regency's own, or "
    "the province's.":
        "Per wilayah, untuk %(month)s: pekerja yang menurut daerah sudah dibayar (realisasi), "
        "peserta yang dibiayai pemerintah menurut laporan BPJS Ketenagakerjaan, dan pekerja "
        "dibiayai di registri yang terbayar bulan itu. Setiap baris membandingkan uang satu "
        "pembayar: milik kabupaten/kota sendiri, atau milik provinsi.",
    "As of %(month)s": "Per %(month)s",
    "BPJS data for %(month)s is not available yet: the BPJS column is shown as missing, not as "
    "zero.":
        "Data BPJS untuk %(month)s belum tersedia: kolom BPJS ditampilkan sebagai belum ada, "
        "bukan nol.",
    "Rows": "Baris",
    "With differences": "Berselisih",
    "Agree": "Sesuai",
    "Incomplete": "Belum lengkap",
    "A difference is flagged when it is more than %(workers)s workers and more than "
    "%(percent)s%% of the figure paid (of the BPJS figure when no payment is recorded).":
        "Selisih ditandai bila lebih dari %(workers)s pekerja dan lebih dari %(percent)s%% "
        "angka yang dibayar (angka BPJS bila pembayaran belum dicatat).",
    "Workers about to lapse": "Pekerja yang akan berhenti",
    "Paid (realization)": "Dibayar (realisasi)",
    "BPJS reports": "Laporan BPJS",
    "Registry": "Registri",
    "BPJS − paid": "BPJS − dibayar",
    "Registry − paid": "Registri − dibayar",
    "Explanation": "Penjelasan",
    "missing": "belum ada",
    "No row differs beyond the tolerance this month.":
        "Tidak ada baris yang berselisih melebihi toleransi bulan ini.",
    "No region to show.": "Tidak ada wilayah untuk ditampilkan.",
    "Sources: realizations of the month (budget data), the BPJS participation snapshots of the "
    "month (funded counts by fund and payer), the registry's funded workers whose months paid "
    "include the month. A past month shows only that month's records.":
        "Sumber: realisasi bulan itu (data anggaran), data kepesertaan BPJS bulan itu (jumlah "
        "peserta dibiayai per sumber dana dan pembayar), pekerja dibiayai di registri yang "
        "bulan terbayarnya mencakup bulan itu. Bulan yang lalu hanya memakai data bulan itu.",
    "Funded workers still active whose last month paid is %(next)s or earlier, as of "
    "%(month)s: their protection stops unless the next months are paid. Workers funded again "
    "for a later year are left out.":
        "Pekerja dibiayai yang masih aktif dengan bulan terakhir dibayar %(next)s atau "
        "sebelumnya, per %(month)s: perlindungannya berhenti bila bulan berikutnya tidak "
        "dibayar. Pekerja yang sudah dibiayai lagi untuk tahun berikutnya tidak dicantumkan.",
    "CSV (masked NIK, recorded)": "CSV (NIK tersamar, tercatat)",
    "When": "Waktu",
    "No funded worker is about to lapse.": "Tidak ada pekerja dibiayai yang akan berhenti.",
    "Registry of %(n)s of %(total)s regions with payments only.":
        "Registri baru dari %(n)s dari %(total)s wilayah yang membayar.",
    "Partly reported: compared when every region has reported.":
        "Baru sebagian dilaporkan: dibandingkan setelah semua wilayah melapor.",
    "A regency/city's row compares its own money (APBD kabupaten/kota + its DBHCHT); the "
    "province's money (APBD provinsi + the province's DBHCHT) is compared on rows of its own, "
    "named under the region.":
        "Baris kabupaten/kota membandingkan uangnya sendiri (APBD kabupaten/kota + DBHCHT-nya); "
        "uang provinsi (APBD provinsi + DBHCHT provinsi) dibandingkan pada baris tersendiri, "
        "yang disebut di bawah nama wilayah.",
}
