"""Indonesian translations of the SIPD-ready outputs: budget codes, the RKA and DPA rincian
belanja (issue 17, item 5).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/rka.py
"""

T = {
    # the model
    "regional government unit (SKPD)": "perangkat daerah (SKPD)",
    "The perangkat daerah whose budget holds the contributions, e.g. the manpower office.":
        "Perangkat daerah yang anggarannya memuat iuran, mis. dinas tenaga kerja.",
    "programme code": "kode program",
    "programme": "program",
    "activity code": "kode kegiatan",
    "activity": "kegiatan",
    "sub-activity code": "kode sub kegiatan",
    "sub-activity": "sub kegiatan",
    "account code (kode rekening)": "kode rekening",
    "account name": "uraian rekening",
    "Write the programme code as X.XX.XX (digits), as in SIPD.":
        "Tulis kode program dalam bentuk X.XX.XX (angka), sesuai SIPD.",
    "Write the activity code as X.XX.XX.X.XX (digits), as in SIPD.":
        "Tulis kode kegiatan dalam bentuk X.XX.XX.X.XX (angka), sesuai SIPD.",
    "Write the sub-activity code as X.XX.XX.X.XX.XXXX (digits), as in SIPD.":
        "Tulis kode sub kegiatan dalam bentuk X.XX.XX.X.XX.XXXX (angka), sesuai SIPD.",
    "Write the account code as 5.X.XX.XX.XX.XXXX (digits): a spending account (belanja) down to its sub-object, as in SIPD.":
        "Tulis kode rekening dalam bentuk 5.X.XX.XX.XX.XXXX (angka): rekening belanja sampai "
        "sub rincian objek, sesuai SIPD.",
    "This region already has budget codes for this fiscal year.":
        "Wilayah ini sudah memiliki kode anggaran untuk tahun anggaran ini.",
    "budget coding": "kode anggaran",
    "budget codings": "kode anggaran",
    "The activity code must begin with the programme code %(code)s.":
        "Kode kegiatan harus diawali kode program %(code)s.",
    "The sub-activity code must begin with the activity code %(code)s.":
        "Kode sub kegiatan harus diawali kode kegiatan %(code)s.",
    "Budget codes belong to a province or a regency/city.":
        "Kode anggaran hanya untuk provinsi atau kabupaten/kota.",
    # the rincian
    "Work Accident Insurance": "Jaminan Kecelakaan Kerja",
    "Death Insurance": "Jaminan Kematian",
    "Old-Age Savings": "Jaminan Hari Tua",
    "Pension Insurance": "Jaminan Pensiun",
    "Job Loss Insurance": "Jaminan Kehilangan Pekerjaan",
    "%(first)s and %(last)s": "%(first)s dan %(last)s",
    "vulnerable non-wage workers": "pekerja rentan bukan penerima upah",
    "wage workers": "pekerja penerima upah",
    "Contributions of %(programmes)s for %(group)s": "Iuran %(programmes)s %(group)s",
    "Contributions of employment social security (%(package)s) for %(group)s":
        "Iuran jaminan sosial ketenagakerjaan (%(package)s) %(group)s",
    "continuing": "lanjutan",
    "new": "baru",
    "%(workers)s persons (%(months)s months)": "%(workers)s orang (%(months)s bulan)",
    "%(workers)s persons × %(months)s months": "%(workers)s orang × %(months)s bulan",
    "person": "orang",
    "person/month": "orang/bulan",
    "%(first)s – %(last)s %(year)s (%(months)s months)":
        "%(first)s – %(last)s %(year)s (%(months)s bulan)",
    "budget scenario “%(name)s”, saved %(date)s":
        "skenario anggaran “%(name)s” yang disimpan %(date)s",
    "This scenario was saved before the planner told continuing and new workers apart: one line for all its workers.":
        "Skenario ini disimpan sebelum kalkulator memisahkan pekerja lanjutan dan baru: satu "
        "baris untuk semua pekerjanya.",
    "%(base)s – funding source %(source)s": "%(base)s – sumber dana %(source)s",
    "The funding sources pay different contributions, so there is a line per source; of all the workers, %(continuing)s are continuing (lanjutan) and %(new)s new (baru).":
        "Sumber dana membayar iuran yang berbeda, sehingga ada satu baris per sumber dana; dari "
        "seluruh pekerja, %(continuing)s lanjutan dan %(new)s baru.",
    "By funding source: %(parts)s.": "Menurut sumber dana: %(parts)s.",
    "budget allocation %(what)s": "alokasi anggaran %(what)s",
    "This allocation is paid by %(payer)s: it is in no regional government's DPA. The sheet shows its figures only.":
        "Alokasi ini dibayar oleh %(payer)s: tidak termuat dalam DPA perangkat daerah. Lembar "
        "ini hanya menampilkan angkanya.",
    "The contribution per worker cannot be priced for this package without a wage: the line carries the allocated amount.":
        "Iuran per pekerja paket ini tidak dapat dihitung tanpa upah: baris memuat jumlah "
        "alokasi.",
    "Allocated above the contributions of the planned workers (pays no further worker)":
        "Selisih pagu di atas iuran pekerja yang direncanakan (tidak membiayai pekerja "
        "tambahan)",
    "The allocation is Rp %(diff)s more than %(workers)s workers × %(months)s months × Rp %(tariff)s.":
        "Alokasi Rp %(diff)s lebih besar daripada %(workers)s pekerja × %(months)s bulan × "
        "Rp %(tariff)s.",
    "Shortfall of the allocation against the contributions of the planned workers":
        "Kekurangan pagu terhadap iuran pekerja yang direncanakan",
    "The allocation is Rp %(diff)s short of %(workers)s workers × %(months)s months × Rp %(tariff)s: it pays %(paid)s workers for %(months)s months.":
        "Alokasi kurang Rp %(diff)s dari %(workers)s pekerja × %(months)s bulan × "
        "Rp %(tariff)s: hanya cukup untuk %(paid)s pekerja selama %(months)s bulan.",
    "A discount of the contribution (%(basis)s) may apply to this funding source; the lines price the full contribution.":
        "Diskon iuran (%(basis)s) mungkin berlaku untuk sumber dana ini; baris dihitung dengan "
        "iuran penuh.",
    "The unit price is the contribution after the discount of %(basis)s where it applies.":
        "Harga satuan adalah iuran setelah diskon %(basis)s bila berlaku.",
    "The discount of %(basis)s does not apply to contributions paid from APBN/APBD: the unit price is the full contribution.":
        "Diskon %(basis)s tidak berlaku untuk iuran yang dibayar dari APBN/APBD: harga satuan "
        "adalah iuran penuh.",
    "RINCIAN BELANJA — attachment to the RKA": "RINCIAN BELANJA — lampiran RKA",
    "RINCIAN BELANJA — for the DPA": "RINCIAN BELANJA — untuk DPA",
    "Government of %(region)s · fiscal year %(year)s · %(stage)s":
        "Pemerintah %(region)s · tahun anggaran %(year)s · %(stage)s",
    "The budget codes of %(region)s for %(year)s have not been entered: enter them once for the year in UCJ Monitor (Budget codes)%(url)s, then download this workbook again.":
        "Kode anggaran %(region)s tahun %(year)s belum diisi: isi sekali setahun di UCJ "
        "Monitor (Kode anggaran)%(url)s, lalu unduh lagi berkas ini.",
    "(not entered)": "(belum diisi)",
    "Regional government unit (SKPD)": "Perangkat daerah (SKPD)",
    "Programme": "Program",
    "Activity": "Kegiatan",
    "Sub-activity": "Sub kegiatan",
    "Funding source": "Sumber dana",
    "Location": "Lokasi",
    "Time of implementation": "Waktu pelaksanaan",
    "Target group": "Kelompok sasaran",
    "%(group)s (package %(package)s)": "%(group)s (paket %(package)s)",
    "workers": "pekerja",
    "Note": "Keterangan",
    "Account code": "Kode rekening",
    "Description (uraian)": "Uraian",
    "Coefficient": "Koefisien",
    "Unit": "Satuan",
    "Unit price": "Harga satuan",
    "Amount": "Jumlah",
    "Total": "Jumlah",
    "Contribution per worker per month: %(basis)s, valid from %(date)s.":
        "Iuran per pekerja per bulan: %(basis)s, berlaku sejak %(date)s.",
    "Made with UCJ Monitor from the %(origin)s.": "Dibuat dengan UCJ Monitor dari %(origin)s.",
    "Notes": "Catatan",
    "Budget detail": "Rincian belanja",
    "Exported by %(user)s on %(date)s": "Diekspor oleh %(user)s pada %(date)s",
    # the pages
    "As in SIPD: X.XX.XX": "Sesuai SIPD: X.XX.XX",
    "As in SIPD: X.XX.XX.X.XX, beginning with the programme code":
        "Sesuai SIPD: X.XX.XX.X.XX, diawali kode program",
    "As in SIPD: X.XX.XX.X.XX.XXXX, beginning with the activity code":
        "Sesuai SIPD: X.XX.XX.X.XX.XXXX, diawali kode kegiatan",
    "The spending account down to its sub-object, as in SIPD: 5.X.XX.XX.XX.XXXX":
        "Rekening belanja sampai sub rincian objek, sesuai SIPD: 5.X.XX.XX.XX.XXXX",
    "Optional, printed under the header of the RKA and DPA.":
        "Boleh kosong; dicetak di bawah kepala RKA dan DPA.",
    "Budget codes of %(region)s for %(year)s saved.":
        "Kode anggaran %(region)s tahun %(year)s disimpan.",
    "Budget codes": "Kode anggaran",
    "Budget codes of %(region)s, fiscal year %(year)s":
        "Kode anggaran %(region)s, tahun anggaran %(year)s",
    "Where the contributions of vulnerable workers sit in the regional budget, as the BPKAD enters them in SIPD: entered once a year, printed on the rincian belanja of the RKA (budget scenarios) and of the DPA (allocations).":
        "Letak iuran pekerja rentan dalam APBD, sebagaimana BPKAD mengisinya di SIPD: diisi "
        "sekali setahun, dicetak pada rincian belanja RKA (skenario anggaran) dan DPA "
        "(alokasi).",
    "Filled in from the codes of %(year)s: check them against this year's SIPD before saving.":
        "Diisi dari kode tahun %(year)s: periksa dengan SIPD tahun ini sebelum menyimpan.",
    "The codes follow the regional planning and finance nomenclature used in SIPD (Permendagri 90/2019 and its updates). UCJ Monitor never suggests a code: copy them from your SIPD.":
        "Kode mengikuti klasifikasi, kodefikasi dan nomenklatur perencanaan dan keuangan daerah "
        "yang dipakai SIPD (Permendagri 90/2019 beserta pemutakhirannya). UCJ Monitor tidak "
        "pernah mengusulkan kode: salin dari SIPD daerah Anda.",
    "Back": "Kembali",
    "Not entered yet. The region's operator enters them.":
        "Belum diisi. Operator daerah yang mengisinya.",
    "Last changed %(when)s by %(who)s.": "Terakhir diubah %(when)s oleh %(who)s.",
    "Budget codes for SIPD, fiscal year %(year)s":
        "Kode anggaran untuk SIPD, tahun anggaran %(year)s",
    "Each region enters once a year where the contributions sit in its budget (SKPD, programme, activity, sub-activity, account). The RKA and DPA rincian belanja print them.":
        "Setiap daerah mengisi sekali setahun letak iuran dalam APBD-nya (SKPD, program, "
        "kegiatan, sub kegiatan, rekening). Rincian belanja RKA dan DPA mencetaknya.",
    "not entered": "belum diisi",
    "Enter": "Isi",
    "See": "Lihat",
    "No region in your scope.": "Tidak ada wilayah dalam cakupan Anda.",
    "Budget codes for SIPD": "Kode anggaran untuk SIPD",
    "account": "rekening",
    "The Excel for the RKA has a “Rincian belanja” sheet with these codes and the lines to type into SIPD.":
        "Excel untuk RKA memuat lembar “Rincian belanja” dengan kode ini dan baris yang diisikan "
        "ke SIPD.",
    "Change the budget codes": "Ubah kode anggaran",
    "See the budget codes": "Lihat kode anggaran",
    "The budget codes of %(region)s for %(year)s (SKPD, programme, activity, sub-activity, account) are not entered yet: the “Rincian belanja” sheet of the Excel shows them as missing.":
        "Kode anggaran %(region)s tahun %(year)s (SKPD, program, kegiatan, sub kegiatan, "
        "rekening) belum diisi: lembar “Rincian belanja” pada Excel menandainya belum diisi.",
    "Enter the budget codes": "Isi kode anggaran",
    "Rincian belanja for the DPA (Excel)": "Rincian belanja untuk DPA (Excel)",
    "Budget codes: not entered yet": "Kode anggaran: belum diisi",
}

PLURALS = {
    "%(n)s region has not entered its codes.": "%(n)s wilayah belum mengisi kodenya.",
}

T["Province of %(name)s"] = "Provinsi %(name)s"
