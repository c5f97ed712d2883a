"""Indonesian translations of the data workbook of a report period (issue 8,
``ucj/reports/workbook.py``): sheet headers, the "Tentang" sheet and its tables.

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/reports_workbook.py
"""

T = {
    # "Tentang"
    "Universal Coverage Jamsostek (UCJ) monitoring data":
        "Data Monitoring dan Evaluasi Universal Coverage Jamsostek (UCJ)",
    "Province of %(name)s": "Provinsi %(name)s",
    "Regions covered": "Cakupan wilayah",
    "The province and all its regencies/cities": "Provinsi dan seluruh kabupaten/kotanya",
    "%(name)s and the areas below it; the province total for comparison":
        "%(name)s beserta wilayah di bawahnya; angka provinsi sebagai pembanding",
    "Period code": "Kode periode",
    "Reference month": "Bulan acuan",
    "none: there is no participation data in this period":
        "tidak ada: belum ada data kepesertaan pada periode ini",
    "Months with data": "Bulan berdata",
    "Generated at": "Dibuat pada",
    "Generated with": "Dibuat dengan",
    "Data fingerprint (SHA-256)": "Sidik data (SHA-256)",
    "Empty cells": "Sel kosong",
    "An empty cell means no data (for example a ratio whose denominator is missing), never zero.":
        "Sel kosong berarti tidak ada data (misalnya rasio yang penyebutnya tidak tersedia), "
        "bukan nol.",
    "Personal data": "Data pribadi",
    "None: aggregates and records of regions only, no NIK and no names of persons.":
        "Tidak ada: hanya angka agregat dan catatan per wilayah, tanpa NIK dan tanpa nama orang.",
    "Synthetic data": "Data sintetis",
    "Participation of %(period)s: %(approved)s of %(n)s regions approved, %(submitted)s "
    "submitted, %(returned)s returned, %(draft)s draft.":
        "Kepesertaan %(period)s: %(approved)s dari %(n)s daerah disetujui, %(submitted)s "
        "dikirim, %(returned)s dikembalikan, %(draft)s draf.",
    "Sheets": "Isi lembar kerja",
    "(%(n)s rows)": "(%(n)s baris)",
    "Every indicator of the engine per region and month with data (regencies and the province "
    "total): ratios as percentages, money in Rupiah, the status and where the target comes from.":
        "Seluruh indikator per wilayah dan bulan berdata (kabupaten/kota dan total provinsi): "
        "rasio dalam persen, uang dalam Rupiah, status, dan asal target.",
    "Participation snapshots of the period's months: active, new and lapsed participants per "
    "segment, government-funded by funding source.":
        "Data kepesertaan bulanan pada periode ini: peserta aktif, baru dan nonaktif per segmen, "
        "serta peserta yang dibiayai pemerintah menurut sumber dana.",
    "Workforce denominators of the year.": "Potensi tenaga kerja tahun berjalan.",
    "Commitments of the year: coverage target, funded workers and legal basis.":
        "Komitmen tahun berjalan: target cakupan, pekerja yang dibiayai, dan dasar hukum.",
    "Budget allocations of the year by stage and funding source, with what was realized up to "
    "the end of the period.":
        "Alokasi anggaran tahun berjalan menurut tahap dan sumber dana, beserta realisasinya "
        "sampai akhir periode.",
    "Realizations of the year up to the end of the period, per allocation and month.":
        "Realisasi tahun berjalan sampai akhir periode, per alokasi dan bulan.",
    "Strategic steps agreed in coordination forums: owner, due date, status and progress as "
    "of the generation date.":
        "Langkah strategis yang disepakati dalam forum koordinasi: penanggung jawab, tenggat, "
        "status, dan kemajuan per tanggal pembuatan.",
    "Approval of the data": "Persetujuan data",
    "Regions with data": "Daerah berdata",
    "Approved": "Disetujui",
    "Submitted": "Dikirim",
    "Returned": "Dikembalikan",
    "Draft": "Draf",
    "Data versions": "Versi data",
    "Records of the previous and the current year and their last change per dataset when the "
    "workbook was made: equal versions, equal figures.":
        "Jumlah catatan tahun sebelumnya dan tahun berjalan serta perubahan terakhirnya per jenis "
        "data saat buku kerja ini dibuat: versi yang sama menghasilkan angka yang sama.",
    "Forum action items": "Langkah strategis forum",
    "Approval: %(dataset)s, %(state)s": "Persetujuan: %(dataset)s, %(state)s",
    # "Indikator"
    "Region name": "Nama wilayah",
    "Target from": "Asal target",
    "Participation approval": "Persetujuan kepesertaan",
    "the region's commitment": "komitmen daerah",
    "the province's target": "target provinsi",
    "%(approved)s of %(total)s regions approved": "%(approved)s dari %(total)s daerah disetujui",
    # "Kepesertaan", "Denominator"
    "New participants": "Peserta baru",
    "Lapsed participants": "Peserta nonaktif",
    "Government-funded, total": "Dibiayai pemerintah, jumlah",
    "Approval state": "Status persetujuan",
    "Employed population": "Penduduk bekerja",
    "Informal workers": "Pekerja informal",
    "Vulnerable-worker target population": "Populasi sasaran pekerja rentan",
    # "Komitmen", "Alokasi", "Realisasi"
    "Target government-funded vulnerable workers": "Target pekerja rentan dibiayai pemerintah",
    "Commitment status": "Status komitmen",
    "Amount allocated": "Nilai alokasi",
    "Workers planned": "Pekerja direncanakan",
    "First month covered": "Bulan pertama",
    "Realized up to %(month)s": "Terealisasi s.d. %(month)s",
    # "Langkah strategis"
    "Meeting date": "Tanggal rapat",
    "Meeting region": "Wilayah rapat",
    "Strategic step": "Langkah strategis",
    "Owner region code": "Kode wilayah penanggung jawab",
    "Overdue on %(date)s": "Terlambat per %(date)s",
}
