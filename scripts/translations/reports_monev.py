"""Indonesian translations of the monev report PDF (issue 8): its sections, tables, charts and
the executive summary written from the figures (``ucj/reports/monev.py``, ``summary.py``,
``charts.py``, ``templates/reports/monev_pdf.html`` and ``_monev_*.html``).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/reports_monev.py
"""

T = {
    # periods (ucj/reports/periods.py)
    "Quarter %(q)s %(year)s": "Triwulan %(q)s %(year)s",
    "Year %(year)s": "Tahun %(year)s",
    # chart axes: thousand, million, billion, trillion Rupiah
    "%(n)s tn": "%(n)s T",
    "%(n)s bn": "%(n)s M",
    "%(n)s mn": "%(n)s jt",
    "%(n)s k": "%(n)s rb",
    "no budget allocated": "belum ada alokasi anggaran",
    # report and chart titles
    "Monitoring and Evaluation Report of Universal Coverage Jamsostek":
        "Laporan Monitoring dan Evaluasi Universal Coverage Jamsostek",
    "Monitoring and Evaluation Report": "Laporan Monitoring dan Evaluasi",
    "Monev report UCJ": "Laporan Monev UCJ",
    "Realized (to %(month)s)": "Realisasi (s.d. %(month)s)",
    "Coverage of %(region)s by month": "Cakupan %(region)s per bulan",
    "Budget of %(region)s by stage": "Anggaran %(region)s per tahap",
    "Coverage by regency/city, %(month)s": "Cakupan per kabupaten/kota, %(month)s",
    "Coverage of the province by month": "Cakupan provinsi per bulan",
    "Budget of the province by stage": "Anggaran provinsi per tahap",
    # executive summary
    "%(a)s and %(b)s": "%(a)s dan %(b)s",
    "%(list)s, and %(last)s": "%(list)s, dan %(last)s",
    "There are no coverage figures for %(name)s for %(month)s.":
        "Belum ada data cakupan %(name)s untuk %(month)s.",
    "UCJ coverage of %(name)s at the end of %(month)s reached %(coverage)s: %(active)s active "
    "participants of a workforce potential of %(workforce)s. No target has been set for "
    "%(year)s.":
        "Cakupan UCJ %(name)s per %(month)s mencapai %(coverage)s: %(active)s peserta aktif "
        "dari potensi tenaga kerja sebanyak %(workforce)s orang. Target tahun %(year)s belum "
        "ditetapkan.",
    "UCJ coverage of %(name)s at the end of %(month)s reached %(coverage)s against a target of "
    "%(target)s for %(year)s: %(active)s active participants of a workforce potential of "
    "%(workforce)s.":
        "Cakupan UCJ %(name)s per %(month)s mencapai %(coverage)s dari target %(target)s tahun "
        "%(year)s: %(active)s peserta aktif dari potensi tenaga kerja sebanyak %(workforce)s "
        "orang.",
    "To reach the target, %(gap)s more workers must be covered; on the target trajectory, "
    "coverage should stand at %(trajectory)s in %(month)s.":
        "Untuk mencapai target, masih diperlukan tambahan %(gap)s pekerja yang terlindungi; "
        "menurut lintasan target, cakupan pada %(month)s seharusnya sudah %(trajectory)s.",
    "The target has been reached.": "Target telah tercapai.",
    "coverage was unchanged": "cakupan tidak berubah",
    "coverage rose by %(points)s percentage points": "cakupan naik %(points)s poin persen",
    "coverage fell by %(points)s percentage points": "cakupan turun %(points)s poin persen",
    "active participants grew by %(n)s": "peserta aktif bertambah %(n)s orang",
    "active participants fell by %(n)s": "peserta aktif berkurang %(n)s orang",
    "the number of active participants was unchanged": "jumlah peserta aktif tidak berubah",
    "Compared with %(month)s (%(before)s), %(coverage)s and %(participants)s.":
        "Dibandingkan %(month)s (%(before)s), %(coverage)s dan %(participants)s.",
    "Compared with %(month)s (%(before)s), %(coverage)s.":
        "Dibandingkan %(month)s (%(before)s), %(coverage)s.",
    "No budget has been allocated for %(year)s.":
        "Belum ada anggaran yang dialokasikan untuk tahun %(year)s.",
    "The budgets of %(year)s (all stages and funding sources) allocate %(allocated)s, "
    "%(adequacy)s of the %(need)s needed to close the gap by December; %(realized)s was paid "
    "up to %(month)s, a realization rate of %(rate)s.":
        "Anggaran tahun %(year)s (seluruh tahap dan sumber dana) dialokasikan sebesar "
        "%(allocated)s, atau %(adequacy)s dari kebutuhan %(need)s untuk menutup kekurangan "
        "hingga Desember; realisasi pembayaran s.d. %(month)s sebesar %(realized)s dengan "
        "tingkat realisasi %(rate)s.",
    "The budgets of %(year)s (all stages and funding sources) allocate %(allocated)s; "
    "%(realized)s was paid up to %(month)s, a realization rate of %(rate)s.":
        "Anggaran tahun %(year)s (seluruh tahap dan sumber dana) dialokasikan sebesar "
        "%(allocated)s; realisasi pembayaran s.d. %(month)s sebesar %(realized)s dengan "
        "tingkat realisasi %(rate)s.",
    "No action items have been agreed in the coordination forums yet.":
        "Belum ada langkah strategis yang disepakati dalam forum koordinasi.",
    "Of the %(total)s action items agreed in the coordination forums, %(done)s are done and "
    "%(overdue)s are overdue as of %(today)s.":
        "Dari %(total)s langkah strategis yang disepakati dalam forum koordinasi, %(done)s telah "
        "selesai dan %(overdue)s melewati tenggat per %(today)s.",
    "There are no participation figures for %(period)s: this report holds no coverage, targets "
    "or budget figures for it.":
        "Tidak ada data kepesertaan untuk %(period)s: laporan ini tidak memuat angka cakupan, "
        "target, maupun anggaran untuk periode tersebut.",
    "Among the %(n)s regencies and cities, coverage is highest in %(best)s (%(best_coverage)s) "
    "and lowest in %(lowest)s (%(lowest_coverage)s).":
        "Di antara %(n)s kabupaten/kota, cakupan tertinggi di %(best)s (%(best_coverage)s) dan "
        "terendah di %(lowest)s (%(lowest_coverage)s).",
    "Status of the regions: %(red)s red, %(amber)s amber and %(green)s green.":
        "Status daerah: %(red)s merah, %(amber)s kuning, dan %(green)s hijau.",
    "(%(n)s without data).": "(%(n)s tanpa data).",
    "The largest share of the province's gap lies in %(region)s: %(share)s of the workers the "
    "regencies still have to cover (%(gap)s).":
        "Porsi terbesar kekurangan provinsi berada di %(region)s: %(share)s dari pekerja yang "
        "masih harus dilindungi oleh kabupaten/kota (%(gap)s orang).",
    "If every regency and city reached its own target, provincial coverage would be %(all)s.":
        "Jika setiap kabupaten/kota mencapai targetnya, cakupan provinsi akan menjadi %(all)s.",
    "Every regency and city has allocated a budget for %(year)s.":
        "Seluruh kabupaten/kota telah mengalokasikan anggaran untuk tahun %(year)s.",
    "By coverage, %(region)s ranks %(rank)s of %(n)s regencies and cities; its status is "
    "%(status)s.":
        "Dari sisi cakupan, %(region)s berada di peringkat %(rank)s dari %(n)s kabupaten/kota "
        "dengan status %(status)s.",
    "Provincial coverage is %(coverage)s against a target of %(target)s.":
        "Cakupan provinsi sebesar %(coverage)s dari target %(target)s.",
    "If %(region)s alone reached its target, provincial coverage would rise to %(alone)s.":
        "Jika %(region)s saja mencapai targetnya, cakupan provinsi akan naik menjadi %(alone)s.",
    # cover and contents
    "Regency/city report": "Laporan kabupaten/kota",
    "Province report": "Laporan provinsi",
    "Synthetic demo data: the figures in this report are generated for demonstration and are "
    "not published figures.":
        "Data demo sintetis: angka dalam laporan ini dibangkitkan untuk demonstrasi dan bukan "
        "angka resmi.",
    "Participation at the end of %(month)s; targets and budgets of %(year)s, payments up to "
    "%(month)s.":
        "Kepesertaan per akhir %(month)s; target dan anggaran tahun %(year)s, pembayaran s.d. "
        "%(month)s.",
    "Changes are counted from %(month)s.": "Perubahan dihitung sejak %(month)s.",
    "No participation figures for %(period)s.": "Tidak ada data kepesertaan untuk %(period)s.",
    "%(approved)s of %(total)s approved, %(submitted)s submitted, %(draft)s draft":
        "%(approved)s dari %(total)s disetujui, %(submitted)s dikirim, %(draft)s draf",
    "%(n)s returned": "%(n)s dikembalikan",
    "Figures not yet approved are shown and may still change (see Data sources and approval).":
        "Angka yang belum disetujui tetap ditampilkan dan masih dapat berubah (lihat Sumber "
        "data dan persetujuan).",
    "Generated": "Dibuat",
    "Contents": "Daftar isi",
    "Executive summary": "Ringkasan eksekutif",
    "Map and ranking of the regencies and cities": "Peta dan peringkat kabupaten/kota",
    "Budget by stage and funding source": "Anggaran per tahap dan sumber dana",
    "Data sources and approval": "Sumber data dan persetujuan",
    # summary page
    "of the province's gap": "dari kekurangan provinsi",
    "need": "kebutuhan",
    "of allocated": "dari alokasi",
    "trajectory": "lintasan",
    "funded by government": "dibiayai pemerintah",
    "Coverage of the province by month of %(year)s, against the target trajectory (a straight "
    "line from last December to the year's target).":
        "Cakupan provinsi per bulan tahun %(year)s terhadap lintasan target (garis lurus dari "
        "Desember tahun lalu ke target akhir tahun).",
    "Allocations of %(year)s by budget stage (province and regencies) and payments up to "
    "%(month)s.":
        "Alokasi tahun %(year)s per tahap anggaran (provinsi dan kabupaten/kota) serta "
        "pembayaran s.d. %(month)s.",
    # map and ranking
    "Coverage (active participants ÷ workforce potential) at the end of %(month)s. The table "
    "below holds the same figures.":
        "Cakupan (peserta aktif ÷ potensi tenaga kerja) per akhir %(month)s. Tabel di bawah "
        "memuat angka yang sama.",
    "Sorted by coverage. Status: red = no allocation in the year or coverage far below its "
    "target trajectory; amber = behind the trajectory or the payment schedule; green = on "
    "track. The province's target applies to its own totals; its gap is computed on the "
    "province totals, so it is not the sum of the regencies' gaps. Allocated includes "
    "allocations made at province level that are not yet assigned to a regency.":
        "Diurutkan menurut cakupan. Status: merah = belum ada alokasi tahun berjalan atau "
        "cakupan jauh di bawah lintasan target; kuning = tertinggal dari lintasan atau jadwal "
        "pembayaran; hijau = sesuai rencana. Target provinsi berlaku untuk total provinsi; "
        "kekurangannya dihitung dari total provinsi sehingga tidak sama dengan jumlah "
        "kekurangan kabupaten/kota. Alokasi provinsi termasuk alokasi tingkat provinsi yang "
        "belum dibagikan ke kabupaten/kota.",
    "Participation of %(month)s not yet approved.": "Kepesertaan %(month)s belum disetujui.",
    # a regency's page
    "coverage rank %(rank)s of %(of)s": "peringkat cakupan %(rank)s dari %(of)s",
    "participation %(month)s approved": "kepesertaan %(month)s disetujui",
    "participation %(month)s not yet approved": "kepesertaan %(month)s belum disetujui",
    "budget %(year)s approved": "anggaran %(year)s disetujui",
    "budget %(year)s not yet approved": "anggaran %(year)s belum disetujui",
    "Indicator": "Indikator",
    "to December": "s.d. Desember",
    "to %(month)s": "s.d. %(month)s",
    "Coverage by month of %(year)s against the target trajectory; grey: the province.":
        "Cakupan per bulan tahun %(year)s terhadap lintasan target; abu-abu: provinsi.",
    "Allocations of %(year)s by stage and payments up to %(month)s.":
        "Alokasi tahun %(year)s per tahap dan pembayaran s.d. %(month)s.",
    "Budget %(year)s by stage and funding source": "Anggaran %(year)s per tahap dan sumber dana",
    "Challenges and action items": "Tantangan dan langkah strategis",
    "Challenge or action item": "Tantangan atau langkah strategis",
    "Owner / category": "Penanggung jawab/kategori",
    "Due": "Tenggat",
    "No open challenges. Its open action items are listed under Forum action items.":
        "Tidak ada tantangan yang masih terbuka. Langkah strategis yang belum selesai tercantum "
        "pada bagian Langkah strategis forum.",
    "No open challenges or action items.":
        "Tidak ada tantangan atau langkah strategis yang masih terbuka.",
    "Subtotal": "Subtotal",
    "No budget allocated for %(year)s.": "Belum ada alokasi anggaran untuk tahun %(year)s.",
    # budget section
    "Allocations of %(year)s of the regencies and cities and of the province (APBD murni and "
    "APBD perubahan, every funding source), and the contributions paid to BPJS "
    "Ketenagakerjaan against them up to %(month)s.":
        "Alokasi tahun %(year)s kabupaten/kota dan provinsi (APBD murni dan APBD perubahan, "
        "seluruh sumber dana), serta iuran yang telah dibayarkan kepada BPJS Ketenagakerjaan "
        "s.d. %(month)s.",
    "By regency and city": "Per kabupaten/kota",
    "allocated": "dialokasikan",
    "Budget need: the workers still to cover to reach the target × the monthly contribution in "
    "force × the months left in the year. The province's need is that of its own target on "
    "the province totals. The province line includes allocations made at province level.":
        "Kebutuhan anggaran: pekerja yang masih harus dilindungi untuk mencapai target × iuran "
        "bulanan yang berlaku × sisa bulan dalam tahun berjalan. Kebutuhan provinsi dihitung "
        "dari target provinsi atas total provinsi. Baris provinsi termasuk alokasi tingkat "
        "provinsi.",
    # forum
    "Action items agreed in the coordination meetings (rakor), as of %(today)s. Overdue: not "
    "done and past the due date.":
        "Langkah strategis yang disepakati dalam rapat koordinasi (rakor), per %(today)s. "
        "Terlambat: belum selesai dan telah melewati tenggat.",
    "Items agreed in the meetings of %(region)s or owned by it.":
        "Langkah yang disepakati dalam rapat %(region)s atau menjadi tanggung jawabnya.",
    "Overdue action items": "Langkah strategis yang terlambat",
    "No action item is overdue.": "Tidak ada langkah strategis yang terlambat.",
    "Other open action items": "Langkah strategis lain yang belum selesai",
    # sources
    "Each row counts the region × period units of the data this report uses, by approval "
    "state. Figures not yet approved are used as they are and may still change.":
        "Setiap baris menghitung satuan daerah × periode dari data yang digunakan laporan ini "
        "menurut status persetujuan. Angka yang belum disetujui digunakan apa adanya dan masih "
        "dapat berubah.",
    "Units": "Satuan",
    "region × period": "daerah × periode",
    "Last updated": "Terakhir diperbarui",
    "Synthetic records": "Data sintetis",
    "This report contains synthetic demonstration data, generated reproducibly and flagged in "
    "the database; the figures are not published figures:":
        "Laporan ini memuat data demonstrasi sintetis yang dibangkitkan secara terulang dan "
        "ditandai dalam basis data; angkanya bukan angka resmi:",
    "No record used by this report is synthetic.":
        "Tidak ada data sintetis yang digunakan dalam laporan ini.",
    "Participation: BPJS Ketenagakerjaan (active participants at month end, by segment and "
    "funding source). Workforce potential: the published UCJ denominator per region and year. "
    "Targets: the regions' commitments (else the province's target). Allocations and "
    "realizations: the regions' budgets and the contributions paid to BPJS Ketenagakerjaan, "
    "entered in UCJ Monitor.":
        "Kepesertaan: BPJS Ketenagakerjaan (peserta aktif per akhir bulan, menurut segmen dan "
        "sumber dana). Potensi tenaga kerja: pembagi UCJ yang dipublikasikan per daerah dan "
        "tahun. Target: komitmen daerah (jika tidak ada, target provinsi). Alokasi dan "
        "realisasi: anggaran daerah dan iuran yang dibayarkan kepada BPJS Ketenagakerjaan, "
        "dicatat dalam UCJ Monitor.",
    "Priced with the %(package)s package at %(amount)s per worker per month, in force since "
    "%(since)s.":
        "Dihitung dengan paket %(package)s sebesar %(amount)s per pekerja per bulan, berlaku "
        "sejak %(since)s.",
    "No tariff in force for the data month: budget need is not computed.":
        "Tidak ada tarif yang berlaku pada bulan data: kebutuhan anggaran tidak dihitung.",
    "Method": "Metode",
    "Coverage = active participants ÷ workforce potential; the province's figures are sums over "
    "its regencies, never averages of percentages. The target trajectory is a straight line "
    "from last December's coverage to the year's target. Workers short of the target = target "
    "× workforce potential − active participants. Realization rate = paid ÷ allocated.":
        "Cakupan = peserta aktif ÷ potensi tenaga kerja; angka provinsi merupakan penjumlahan "
        "kabupaten/kota, bukan rata-rata persentase. Lintasan target adalah garis lurus dari "
        "cakupan Desember tahun lalu ke target akhir tahun. Kekurangan pekerja terhadap target "
        "= target × potensi tenaga kerja − peserta aktif. Tingkat realisasi = pembayaran ÷ "
        "alokasi.",
    "by UCJ Monitor from the data as it stood at that moment.":
        "oleh UCJ Monitor dari data sebagaimana tercatat pada saat itu.",
}

PLURALS = {
    "%(n)s challenge mapped in the forums is still open.":
        "%(n)s tantangan yang dipetakan dalam forum masih terbuka.",
    "%(n)s regency or city has not allocated a budget for %(year)s: %(names)s.":
        "%(n)s kabupaten/kota belum mengalokasikan anggaran untuk tahun %(year)s: %(names)s.",
    "%(n)s open challenge": "%(n)s tantangan terbuka",
    "%(n)s action item owned": "%(n)s langkah strategis menjadi tanggung jawabnya",
    "%(n)s day late": "terlambat %(n)s hari",
}
