"""Indonesian translations of the indicator engine and its thresholds page (issue 4).

    scripts/update-messages $PWD/scripts/translations/indicators.py
"""

T = {
    "key": "kunci",
    "meaning": "arti",
    "status threshold": "ambang status",
    "status thresholds": "ambang status",
    "A threshold is a fraction between 0 and 2 (e.g. 0,5 for half).":
        "Ambang adalah pecahan antara 0 dan 2 (mis. 0,5 untuk separuh).",
    "Status thresholds": "Ambang status",
    "A region's status light is red, amber or green by these thresholds. Red also when the "
    "region has no budget allocation in the year.":
        "Lampu status daerah merah, kuning atau hijau menurut ambang ini. Merah juga bila daerah "
        "belum punya alokasi anggaran pada tahun itu.",
    "Threshold": "Ambang",
    "Meaning": "Arti",
    "Value (%)": "Nilai (%)",
    "value": "nilai",
    "Saved: %(name)s.": "Tersimpan: %(name)s.",
    # the dashboard
    "%(region)s has paid %(pct)s of what its allocations schedule by %(month)s.":
        "%(region)s baru membayar %(pct)s dari jadwal alokasinya sampai %(month)s.",
    "Active participants in %(region)s fell by %(n)s in %(month)s.":
        "Peserta aktif di %(region)s turun %(n)s pada %(month)s.",
    "Lapsed participants in %(region)s rose from %(before)s to %(now)s in %(month)s.":
        "Peserta tidak aktif di %(region)s naik dari %(before)s menjadi %(now)s pada %(month)s.",
    "The participation of %(region)s for %(month)s has not been submitted or approved.":
        "Kepesertaan %(region)s untuk %(month)s belum dikirim atau disetujui.",
    "%(region)s has no budget allocation for %(year)s.":
        "%(region)s belum punya alokasi anggaran untuk %(year)s.",
    "Dashboard": "Dasbor",
    "red": "merah",
    "amber": "kuning",
    "green": "hijau",
    "Monev dashboard": "Dasbor monev",
    "who is on track": "siapa yang sesuai jalur",
    "BPJS Ketenagakerjaan participation, workforce denominators, commitments, allocations and "
    "realizations entered in UCJ Monitor":
        "kepesertaan BPJS Ketenagakerjaan, potensi tenaga kerja, komitmen, alokasi dan "
        "realisasi yang diisi di UCJ Monitor",
    "Show": "Tampilkan",
    "on the trajectory": "lintasan target",
    "Regions without allocation %(year)s": "Daerah tanpa alokasi %(year)s",
    "every region has budgeted": "semua daerah sudah menganggarkan",
    "If one region neglects it, the province falls short":
        "Jika satu daerah abai, capaian provinsi ikut tertinggal",
    "Provincial coverage is %(now)s today. If every regency reached its own target it would be "
    "%(all)s (the province's target is %(target)s). Each bar: the province's coverage if that "
    "region alone reached its target.":
        "Cakupan provinsi saat ini %(now)s. Jika setiap kabupaten/kota mencapai targetnya "
        "sendiri, cakupan menjadi %(all)s (target provinsi %(target)s). Setiap batang: cakupan "
        "provinsi jika hanya daerah itu yang mencapai targetnya.",
    "Today": "Saat ini",
    "Growth": "Pertumbuhan",
    "Share of the gap": "Porsi kesenjangan",
    "Adequacy": "Kecukupan",
    "Coverage = active participants ÷ workforce potential. Share of the gap = the region's "
    "workers still to cover ÷ those of all regencies. Budget need = workers still to cover × "
    "monthly contribution × months left in the year. Adequacy = allocated ÷ budget need. "
    "Realization = paid ÷ allocated.":
        "Cakupan = peserta aktif ÷ potensi tenaga kerja. Porsi kesenjangan = pekerja yang masih "
        "harus dicakup daerah ÷ seluruh kabupaten/kota. Kebutuhan anggaran = pekerja yang masih "
        "harus dicakup × iuran per bulan × sisa bulan tahun ini. Kecukupan = alokasi ÷ "
        "kebutuhan anggaran. Realisasi = dibayar ÷ alokasi.",
    "Alerts": "Peringatan dini",
    "No alerts.": "Tidak ada peringatan.",
    "Participation at the end of %(month)s against the workforce potential and each region's "
    "target; budgets of the year to date.":
        "Kepesertaan akhir %(month)s dibandingkan potensi tenaga kerja dan target tiap daerah; "
        "anggaran tahun berjalan sampai bulan itu.",
    "participation of %(month)s submitted or approved for %(n)s of %(total)s regions; the "
    "others are shown, not yet approved":
        "kepesertaan %(month)s sudah dikirim atau disetujui untuk %(n)s dari %(total)s daerah; "
        "yang lain tetap ditampilkan, belum disetujui",
    "still to cover": "masih harus dicakup",
    "Government-funded vulnerable workers": "Pekerja rentan dibiayai pemerintah",
    "of the vulnerable-worker target population": "dari sasaran pekerja rentan",
    "Ranking of regencies and cities": "Peringkat kabupaten dan kota",
    "All regions on target": "Semua daerah capai target",
    "Province target": "Target provinsi",
    "Budget need": "Kebutuhan anggaran",
    "No participation figures yet.": "Belum ada angka kepesertaan.",
    "Sources": "Sumber",
    "Realization": "Realisasi",
    "Colour by status": "Warnai menurut status",
    # the region page
    "Paid so far": "Dibayar sampai saat ini",
    "Paid in the month": "Dibayar pada bulan itu",
    "Figures of %(month)s; budgets of the year to date.":
        "Angka %(month)s; anggaran tahun berjalan sampai bulan itu.",
    "Approval state of these figures": "Status persetujuan angka ini",
    "of schedule": "dari jadwal",
    "province if this region alone reached its target":
        "provinsi jika hanya daerah ini mencapai targetnya",
    "Table": "Tabel",
    "No commitment for this year: the province's target applies.":
        "Belum ada komitmen untuk tahun ini: berlaku target provinsi.",
    "No allocation recorded for this year.": "Belum ada alokasi tercatat untuk tahun ini.",
    "Realization month by month": "Realisasi per bulan",
    "Coverage against the target trajectory": "Cakupan dibandingkan lintasan target",
    "Target trajectory": "Lintasan target",
    "Sub-regions": "Wilayah di bawahnya",
    "Coverage by month; the same figures are in the table below.":
        "Cakupan per bulan; angka yang sama ada di tabel di bawah.",
    "Payments by month; the same figures are in the table below.":
        "Pembayaran per bulan; angka yang sama ada di tabel di bawah.",
    "No payments recorded for this year yet.": "Belum ada pembayaran tercatat untuk tahun ini.",
    "province": "provinsi",
    "Commitment": "Komitmen",
    "%(region)s has no allocation in %(stage)s %(year)s.":
        "%(region)s belum punya alokasi di %(stage)s %(year)s.",
    "Coverage over twelve months": "Cakupan dua belas bulan terakhir",
    "Budget against need": "Anggaran dibandingkan kebutuhan",
    "Regions shown": "Daerah yang ditampilkan",
    "Coverage by month of the province and the chosen regions; the same figures are in the "
    "table below.":
        "Cakupan per bulan provinsi dan daerah pilihan; angka yang sama ada di tabel di bawah.",
    "Allocated budget and budget need by region; the same figures are in the ranking table "
    "below.":
        "Anggaran yang dialokasikan dan kebutuhan anggaran per daerah; angka yang sama ada di "
        "tabel peringkat di bawah.",
    "Budget need: the workers each region still has to cover to reach its target, for the "
    "months left in the year, at the contribution in force. The ranking table below holds the "
    "same figures.":
        "Kebutuhan anggaran: pekerja yang masih harus dicakup tiap daerah untuk mencapai "
        "targetnya, untuk sisa bulan tahun ini, dengan iuran yang berlaku. Tabel peringkat di "
        "bawah memuat angka yang sama.",
    "Target coverage (%%)": "Target cakupan (%%)",
    "Colour by coverage": "Warnai menurut cakupan",
    "Status by region": "Status per daerah",
    "Coverage by region": "Cakupan per daerah",
    "Map of the regencies and cities; the same figures are in the ranking table below.":
        "Peta kabupaten dan kota; angka yang sama ada di tabel peringkat di bawah.",
    "Click a region to open its page. The ranking table below holds the same figures.":
        "Klik daerah untuk membuka halamannya. Tabel peringkat di bawah memuat angka yang sama.",
}

PLURALS = {
    "… and %(n)s more region (all are in the ranking below)":
        "… dan %(n)s daerah lain (semuanya ada di peringkat di bawah)",
}
