"""Indonesian translations of budget scenarios, the province view and the RKA export (issue 5).

    scripts/update-messages $PWD/scripts/translations/scenarios.py
"""

T = {
    "put into the budget": "dimasukkan ke anggaran",
    "Scenario": "Skenario",
    "Contributions of BPJS Ketenagakerjaan for vulnerable workers, %(region)s, fiscal year "
    "%(year)s": "Iuran BPJS Ketenagakerjaan bagi pekerja rentan, %(region)s, tahun anggaran "
                "%(year)s",
    "Monthly wage assumed": "Upah sebulan yang diasumsikan",
    "Left over (does not buy a whole worker)": "Sisa (tidak cukup untuk satu pekerja utuh)",
    "Check: workers × per worker per month × months; the parts add up to the total.":
        "Pemeriksaan: pekerja × iuran per pekerja per bulan × bulan; rinciannya berjumlah tepat "
        "sama dengan total.",
    "Discount in force": "Diskon yang berlaku",
    "%(percent)s%% (%(basis)s); it does not apply to contributions paid from APBN/APBD":
        "%(percent)s%% (%(basis)s); tidak berlaku untuk iuran yang dibayar dari APBN/APBD",
    "%(percent)s%% (%(basis)s)": "%(percent)s%% (%(basis)s)",
    "(P + workers funded) ÷ W, once the funded workers are active":
        "(P + pekerja yang dibiayai) ÷ W, setelah pekerja yang dibiayai aktif",
    "Continuity": "Kesinambungan",
    "Made with": "Dibuat dengan",
    "inputs": "masukan",
    "put into the budget at": "dimasukkan ke anggaran pada",
    "put into the budget by": "dimasukkan ke anggaran oleh",
    "Give the scenario a name.": "Beri nama skenario.",
    "This scenario funds no workers: there is nothing to budget.":
        "Skenario ini tidak membiayai pekerja: tidak ada yang perlu dianggarkan.",
    "From budget scenario “%(name)s”.": "Dari skenario anggaran “%(name)s”.",
    "BPU JKK + JKM (standard)": "BPU JKK + JKM (standar)",
    "Monthly wage (Rp), for a PU package": "Upah sebulan (Rp), untuk paket PU",
    "This package is a percentage of the wage: give the monthly wage.":
        "Iuran paket ini berupa persentase upah: isi upah sebulan.",
    "The calculation is not valid any more; check the form.":
        "Perhitungan tidak lagi valid; periksa isian formulir.",
    "Choose two to four scenarios to compare.": "Pilih dua sampai empat skenario untuk dibandingkan.",
    "Not put into the budget: %(reason)s": "Tidak dimasukkan ke anggaran: %(reason)s",
    "Put into the budget: %(count)s draft allocation(s)%(commitment)s. Submit them for "
    "approval on the submissions page.":
        "Dimasukkan ke anggaran: %(count)s draf alokasi%(commitment)s. Kirimkan untuk "
        "persetujuan di halaman verifikasi data.",
    " and a planned commitment": " dan satu komitmen berstatus rencana",
    "Saved scenarios": "Skenario tersimpan",
    "wage": "upah",
    "A %(percent)s%% discount (%(basis)s) is in force, but it does not apply to contributions "
    "paid from APBN/APBD: only a CSR/other share pays the discounted contribution.":
        "Diskon %(percent)s%% (%(basis)s) sedang berlaku, tetapi tidak berlaku untuk iuran yang "
        "dibayar dari APBN/APBD: hanya bagian CSR/lainnya yang membayar iuran setelah diskon.",
    "Save as a scenario named": "Simpan sebagai skenario bernama",
    "e.g. 62%% from October": "mis. 62%% mulai Oktober",
    "Save scenario": "Simpan skenario",
    "A budget is split over the funding sources by their weights, and each part buys whole "
    "workers: one budget line cannot pay part of a worker with another's money.":
        "Anggaran dibagi ke sumber dana menurut bobotnya, dan setiap bagian membiayai pekerja "
        "utuh: satu pos anggaran tidak dapat membayar sebagian pekerja dengan dana pos lain.",
    "Money is in whole Rupiah. Workers to fund are split over the funding sources by their "
    "weights (the workers left by rounding go to the largest fractions) and each source pays "
    "for its own workers, so the parts add up exactly to the total.":
        "Uang dalam Rupiah bulat. Pekerja yang dibiayai dibagi ke sumber dana menurut bobotnya "
        "(sisa pembulatan diberikan kepada pecahan terbesar) dan setiap sumber membayar "
        "pekerjanya sendiri, sehingga rinciannya berjumlah tepat sama dengan total.",
    "What reaching the target costs": "Biaya mencapai target",
    "Per regency/city of %(name)s: the workers to add to reach the target coverage by "
    "December, what their contributions cost for the months left, against what is already "
    "allocated for the year.":
        "Per kabupaten/kota di %(name)s: pekerja yang perlu ditambahkan untuk mencapai target "
        "cakupan pada bulan Desember, biaya iurannya untuk bulan-bulan yang tersisa, "
        "dibandingkan dengan yang sudah dialokasikan untuk tahun itu.",
    "Needed for the province as a whole": "Kebutuhan provinsi secara keseluruhan",
    "Needed if every region reaches the target": "Kebutuhan bila setiap daerah mencapai target",
    "Allocated for the year": "Dialokasikan untuk tahun ini",
    "of which the province's own": "di antaranya milik provinsi",
    "Gap, regions short of money": "Kekurangan, daerah yang dananya kurang",
    "Target %(target)s; %(months)s months from month %(first)s to December at %(tariff)s per "
    "worker per month.":
        "Target %(target)s; %(months)s bulan mulai bulan %(first)s sampai Desember dengan "
        "%(tariff)s per pekerja per bulan.",
    "Active participants of %(month)s.": "Peserta aktif %(month)s.",
    "Gap = need − allocated; a negative gap means more is allocated than the target needs.":
        "Kekurangan = kebutuhan − alokasi; kekurangan negatif berarti alokasi melebihi "
        "kebutuhan target.",
    "Workers to add": "Pekerja yang perlu ditambah",
    "Need": "Kebutuhan",
    "Gap": "Kekurangan",
    "Province view": "Tampilan provinsi",
    "Budget planner": "Perencana anggaran",
    "Compare scenarios": "Bandingkan skenario",
    "Compare": "Bandingkan",
    "Compare %(name)s": "Bandingkan %(name)s",
    "Difference": "Selisih",
    "Warnings": "Peringatan",
    "fewer than 3 months": "kurang dari 3 bulan",
    "gap between stages": "jeda antartahap",
    "Excel for the RKA": "Excel untuk RKA",
    "Open in the calculator": "Buka di kalkulator",
    "Result, as computed when saved": "Hasil, sebagaimana dihitung saat disimpan",
    "Tariff and legal basis": "Tarif dan dasar hukum",
    "Put into the budget": "Masukkan ke anggaran",
    "on %(when)s by %(who)s": "pada %(when)s oleh %(who)s",
    "Creates or changes, per funding source, the draft allocation of this region, year and "
    "stage with the scenario's workers, months and amount, and a planned commitment if the "
    "region has none for the year. They still go through submission and approval.":
        "Membuat atau mengubah, per sumber dana, draf alokasi daerah, tahun dan tahap ini "
        "dengan pekerja, bulan dan jumlah dari skenario, serta komitmen berstatus rencana bila "
        "daerah belum memilikinya untuk tahun itu. Keduanya tetap melalui verifikasi data dan "
        "persetujuan.",
    "Allocations now": "Alokasi saat ini",
    "None for this year and stage yet.": "Belum ada untuk tahun dan tahap ini.",
    "months from month": "bulan mulai bulan",
    "Put into the budget as a draft": "Masukkan ke anggaran sebagai draf",
    "Delete scenario": "Hapus skenario",
    "Scenarios": "Skenario",
    "Budget scenarios": "Skenario anggaran",
    "budget scenario": "skenario anggaran",
    "budget scenarios": "skenario anggaran",
    "Budget scenario: %(name)s": "Skenario anggaran: %(name)s",
    "Calculations saved by name, as computed when saved: a later tariff or data change does "
    "not rewrite them. Tick two or more to compare them side by side.":
        "Perhitungan yang disimpan dengan nama, sebagaimana dihitung saat disimpan: perubahan "
        "tarif atau data di kemudian hari tidak mengubahnya. Centang dua atau lebih untuk "
        "membandingkannya berdampingan.",
    "New calculation": "Perhitungan baru",
    "Year and stage": "Tahun dan tahap",
    "Saved": "Disimpan",
    "in the budget": "sudah dianggarkan",
    "Compare the ticked scenarios": "Bandingkan skenario yang dicentang",
    "No scenarios yet. Make a calculation and save it by name.":
        "Belum ada skenario. Buat perhitungan lalu simpan dengan nama.",
    "Scenario “%(name)s” saved.": "Skenario “%(name)s” disimpan.",
    "Scenario “%(name)s” deleted.": "Skenario “%(name)s” dihapus.",
    "There is already a scenario named “%(name)s” for %(region)s %(year)s.":
        "Sudah ada skenario bernama “%(name)s” untuk %(region)s %(year)s.",
    "There is already a scenario with this name for this region and year.":
        "Sudah ada skenario dengan nama ini untuk daerah dan tahun ini.",
    "%(months)s months (month %(first)s to %(last)s)": "%(months)s bulan (bulan %(first)s sampai %(last)s)",
    "By funding source": "Per sumber dana",
    "Per worker per month": "Per pekerja per bulan",
    "Amount": "Jumlah",
    "Tariff valid from": "Tarif berlaku mulai",
    "Percent of the monthly wage": "Persen dari upah sebulan",
    "Active participants (P)": "Peserta aktif (P)",
    "Participation data of": "Data kepesertaan bulan",
    "Workforce potential (W)": "Potensi tenaga kerja (W)",
    "Rounding": "Pembulatan",
    "Workers to reach a target are rounded up; workers a budget buys are rounded down; money "
    "is in whole Rupiah.":
        "Pekerja untuk mencapai target dibulatkan ke atas; pekerja yang dapat dibiayai anggaran "
        "dibulatkan ke bawah; uang dalam Rupiah bulat.",
    "A BPU participant who dies in the first 3 months of membership receives Rp 10 million "
    "instead of Rp 42 million: pay continuous blocks of months.":
        "Peserta BPU yang meninggal dalam 3 bulan pertama kepesertaan menerima Rp 10 juta, bukan "
        "Rp 42 juta: bayarlah blok bulan yang bersambung.",
    "Warning": "Peringatan",
    "Fewer than 3 months are paid.": "Kurang dari 3 bulan yang dibayar.",
    "There is a gap between the months the APBD murni allocation pays and this stage.":
        "Ada jeda antara bulan yang dibayar alokasi APBD murni dan tahap ini.",
    "Record": "Catatan",
    "Saved by": "Disimpan oleh",
    "Saved at": "Disimpan pada",
    "Exported by": "Diekspor oleh",
    "Exported at": "Diekspor pada",
    "Budget": "Anggaran",
    "Result": "Hasil",
    "Monthly wage": "Upah sebulan",
    "Contribution package": "Paket iuran",
    "Legal basis": "Dasar hukum",
    "Assumptions": "Asumsi",
    "Target coverage": "Target cakupan",
    "start from": "mulai dari",
    "result": "hasil",
    "workers to fund": "pekerja yang dibiayai",
    "total cost (Rp)": "biaya total (Rp)",
    "created at": "dibuat pada",
    "changed at": "diubah pada",
    "workers": "pekerja",
    "coverage now": "cakupan saat ini",
    "budget": "anggaran",
    "All": "Semua",
    "Valid from": "Berlaku mulai",
    "tariff discount": "diskon tarif",
    "tariff discounts": "diskon tarif",
    "Give either an amount per worker per month or a percentage of the wage, not both.":
        "Isi jumlah per pekerja per bulan atau persentase upah, tidak keduanya.",
    "The end date lies before the start date.": "Tanggal akhir lebih awal dari tanggal mulai.",
}

PLURALS = {
    "scenario": "skenario",
}
