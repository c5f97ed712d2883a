"""Indonesian translations of the tariff rules of issue 17: the PU employer's share with the
JP wage cap, the PP 50/2025 relief by sector and months, the plan's data.

    scripts/update-messages $PWD/scripts/translations/tariff_rules.py
"""

T = {
    "percent of the wage up to the cap": "persen dari upah hingga batas",
    "wage cap (Rp)": "batas upah (Rp)",
    "A part on the wage up to a cap needs both its percentage and the cap, and a percentage of the wage.":
        "Bagian atas upah hingga batas memerlukan persentase dan batas upahnya, serta persen "
        "dari upah.",
    "every sector": "semua sektor",
    "transport sector": "sektor transportasi",
    "outside the transport sector": "di luar sektor transportasi",
    "part of the monthly contribution relieved (Rp)": "bagian iuran bulanan yang diringankan (Rp)",
    "sector": "sektor",
    "Sector": "Sektor",
    "A part computed on the wage up to a cap, e.g. 2 (the employer's JP share).":
        "Bagian yang dihitung atas upah hingga batas, mis. 2 (JP bagian pemberi kerja).",
    "The highest wage that part is computed on (the JP wage cap BPJS Ketenagakerjaan announces each year).":
        "Upah tertinggi dasar perhitungan bagian itu (batas upah JP yang diumumkan BPJS "
        "Ketenagakerjaan setiap tahun).",
    "E.g. 16.800: JKK + JKM of a BPU package, never its JHT. Empty: the whole contribution.":
        "Mis. 16.800: JKK + JKM paket BPU, tidak pernah JHT-nya. Kosong: seluruh iuran.",
    "Whose contribution months the discount covers.": "Bulan iuran siapa yang mendapat diskon.",
    "+ %(percent)s of the wage up to %(cap)s": "+ %(percent)s dari upah paling tinggi %(cap)s",
    "of %(amount)s a month": "dari %(amount)s sebulan",
    "Sector of the workers": "Sektor pekerja",
    "mixed or not known": "campuran atau tidak diketahui",
    "For a contribution relief that covers one sector's months (PP 50/2025). It never applies to APBN/APBD money.":
        "Untuk keringanan iuran yang berlaku pada bulan tertentu menurut sektor (PP 50/2025). "
        "Tidak pernah berlaku untuk dana APBN/APBD.",
    "Participation as of": "Kepesertaan per",
    "The month whose participation the plan starts from (month as YYYY-MM, e.g. 2026-06). Empty: the latest month with data.":
        "Bulan data kepesertaan yang menjadi titik awal rencana (TTTT-BB, mis. 2026-06). "
        "Kosong: bulan terakhir yang ada datanya.",
    "Data used": "Data yang dipakai",
    "participation of %(month)s": "kepesertaan %(month)s",
    "no participation data": "tidak ada data kepesertaan",
    "workforce potential of %(year)s": "potensi tenaga kerja %(year)s",
    "no workforce potential": "tidak ada potensi tenaga kerja",
    "There is no workforce potential for %(year)s yet: the plan uses that of %(used)s. Enter the %(year)s figure when it is published.":
        "Potensi tenaga kerja %(year)s belum ada: rencana memakai angka %(used)s. Isi angka "
        "%(year)s setelah terbit.",
    "A contribution relief covers only some sectors' months: choose the sector of the workers to apply it to the CSR/other share.":
        "Keringanan iuran hanya berlaku pada bulan tertentu untuk sektor tertentu: pilih sektor "
        "pekerja agar keringanan diterapkan pada porsi CSR/lainnya.",
    "Contribution relief %(relief)s (%(sector)s, contribution months %(period)s to %(end)s; %(basis)s).":
        "Keringanan iuran %(relief)s (%(sector)s, bulan iuran %(period)s sampai %(end)s; "
        "%(basis)s).",
    "It applies to every funding source.": "Berlaku untuk semua sumber dana.",
    "It does not apply to contributions paid from APBN/APBD: only a CSR/other share pays the relieved contribution, in the months it covers.":
        "Tidak berlaku untuk iuran yang dibayar dari APBN/APBD: hanya porsi CSR/lainnya yang "
        "membayar iuran yang diringankan, pada bulan yang dicakup.",
    "Applied in this plan.": "Diterapkan dalam rencana ini.",
    "Not applied in this plan.": "Tidak diterapkan dalam rencana ini.",
    "Where the figures come from": "Asal angka-angka ini",
}

PLURALS = {
    "relief in %(n)s month": "keringanan %(n)s bulan",
    "for %(n)s month": "untuk %(n)s bulan",
}

T.update({
    "Legal and budgeting bases": "Dasar hukum dan dasar penganggaran",
    "Contribution": "Iuran",
    "Instruksi Presiden 2/2021 on optimising the Jamsostek programme: governors and regents/mayors allocate budget for it":
        "Instruksi Presiden 2/2021 tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan: gubernur dan bupati/wali kota mengalokasikan anggarannya",
    "%(regulation)s on the guidelines for the APBD of %(year)s":
        "%(regulation)s tentang Pedoman Penyusunan APBD Tahun Anggaran %(year)s",
    "the Permendagri on the guidelines for the APBD of %(year)s (enter its number)":
        "Permendagri tentang Pedoman Penyusunan APBD Tahun Anggaran %(year)s (isi nomornya)",
    "the PMK on the use of the DBH Cukai Hasil Tembakau in force (social security for workers is one of its uses; enter its number)":
        "PMK tentang penggunaan DBH Cukai Hasil Tembakau yang berlaku (jaminan sosial pekerja "
        "termasuk penggunaannya; isi nomornya)",
    "the Permendes PDTT on the priorities for the use of the Dana Desa of %(year)s (enter its number)":
        "Permendes PDTT tentang prioritas penggunaan Dana Desa tahun %(year)s (isi nomornya)",
})

# the Budget menu and the region page's links (issue 17)
T.update({
    "Budget": "Anggaran",
    "What a target costs, what a budget buys; saved scenarios":
        "Biaya mencapai target, apa yang dibiayai anggaran; skenario tersimpan",
    "Each region's line from proposal to first payment":
        "Anggaran tiap daerah dari usulan sampai pembayaran pertama",
    "Paid, reported by BPJS and in the registry, side by side":
        "Yang dibayar, yang dilaporkan BPJS dan yang ada di registri, berdampingan",
    "Reconciliation with BPJS": "Rekonsiliasi dengan BPJS",
})

# Django's own wording for a required field; without it, an installed app's catalogue (DRF's
# "Bidang ini harus diisi.") would win over Django's.
T.update({
    "This field is required.": "Bidang ini tidak boleh kosong.",
})

# manage.py create_admin (issue 18)
T.update({
    "A province administrator belongs to a province.":
        "Administrator provinsi adalah milik provinsi: pilih kode provinsi.",
    "There is already a user named %(name)s.": "Sudah ada pengguna bernama %(name)s.",
})
