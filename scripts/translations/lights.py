"""Indonesian translations of the pair, the three lights, the APBD need and completeness
(issue 16).

    scripts/update-messages $PWD/scripts/translations/lights.py
"""

T = {
    "Choose who pays.": "Pilih siapa yang membayar.",
    "No money of their own in %(stage)s: %(regions)s.":
        "Tanpa dana sendiri di %(stage)s: %(regions)s.",
    "Fewer workers in their own %(stage)s than a year before: %(regions)s.":
        "Pekerja yang dibiayai dana sendiri di %(stage)s lebih sedikit dari tahun sebelumnya: "
        "%(regions)s.",
    "Paid less than %(limit)s of what their allocations schedule by %(month)s: %(regions)s.":
        "Realisasi kurang dari %(limit)s jadwal alokasi sampai %(month)s: %(regions)s.",
    "Active participants fell in %(month)s: %(regions)s.":
        "Peserta aktif turun pada %(month)s: %(regions)s.",
    "More participants lapsed in %(month)s than the month before: %(regions)s.":
        "Peserta nonaktif bertambah pada %(month)s dibanding bulan sebelumnya: %(regions)s.",
    "Participation of %(month)s not reported by %(regions)s: the province counts their last value.":
        "Kepesertaan %(month)s belum dilaporkan oleh %(regions)s: provinsi memakai angka "
        "terakhirnya.",
    "The regencies' targets add up to %(assigned)s workers of the province's %(target)s: %(rest)s are assigned to no regency.":
        "Target kabupaten/kota berjumlah %(assigned)s pekerja dari %(target)s target provinsi: "
        "%(rest)s pekerja belum dibagi ke kabupaten/kota mana pun.",
    "Participation of %(month)s not yet submitted or approved: %(regions)s.":
        "Kepesertaan %(month)s belum dikirim atau disetujui: %(regions)s.",
    "Attainment of the target": "Capaian terhadap target",
    "Projected year-end coverage": "Proyeksi cakupan akhir tahun",
    "Province target not assigned to regencies": "Target provinsi yang belum dibagi",
    "Vulnerable workers committed to fund": "Pekerja rentan yang dijanjikan dibiayai",
    "APBD need": "Kebutuhan APBD",
    "APBD need of next year's budget": "Kebutuhan APBD tahun depan",
    "Compliance gap (not priced as APBD)": "Kesenjangan kepatuhan (tidak dihitung sebagai APBD)",
    "Own money allocated": "Dana sendiri dialokasikan",
    "Budget stages with own money": "Tahap APBD dengan dana sendiri",
    "Coverage light": "Lampu cakupan",
    "Budgeting light": "Lampu penganggaran",
    "Realization light": "Lampu realisasi",
    "Reporting completeness": "Kelengkapan pelaporan",
    "projected year-end coverage %(projected)s against the target %(target)s (%(share)s of it)":
        "proyeksi cakupan akhir tahun %(projected)s terhadap target %(target)s (%(share)s "
        "dari target)",
    "coverage %(coverage)s against the trajectory %(trajectory)s":
        "cakupan %(coverage)s terhadap lintasan %(trajectory)s",
    "APBD %(year)s": "APBD %(year)s",
    "APBD-P %(year)s": "APBD-P %(year)s",
    "no own money in %(stage)s": "tidak ada dana sendiri di %(stage)s",
    "%(stage)s funds %(now)s workers, fewer than %(before)s a year before":
        "%(stage)s membiayai %(now)s pekerja, lebih sedikit dari %(before)s tahun sebelumnya",
    "money not yet committed covers %(share)s of the APBD need":
        "dana yang belum terikat hanya menutup %(share)s kebutuhan APBD",
    "realized %(share)s of what the schedule expects":
        "realisasi %(share)s dari jadwal",
    "Coverage: %(why)s.": "Cakupan: %(why)s.",
    "Budgeting: %(why)s.": "Penganggaran: %(why)s.",
    "Realization: %(why)s.": "Realisasi: %(why)s.",
    "Projected year-end": "Proyeksi akhir tahun",
    "Budgeting": "Penganggaran",
    "The vulnerable workers committed and not yet funded need %(need)s to December; the money not yet committed covers %(adequacy)s of it.":
        "Pekerja rentan yang dijanjikan tetapi belum dibiayai membutuhkan %(need)s sampai "
        "Desember; dana yang belum terikat menutup %(adequacy)s dari kebutuhan itu.",
    "Without money of their own in %(stage)s: %(names)s.":
        "Tanpa dana sendiri di %(stage)s: %(names)s.",
    "reported %(r)s of %(e)s regions · on time %(o)s · approved %(a)s":
        "dilaporkan %(r)s dari %(e)s daerah · tepat waktu %(o)s · disetujui %(a)s",
    "incomplete": "belum lengkap",
    "%(name)s: last value (%(from)s) counted": "%(name)s: angka terakhir (%(from)s) dipakai",
    "%(name)s: no figures, left out": "%(name)s: tidak ada angka, tidak dihitung",
    "How the lights are set": "Cara lampu status ditentukan",
    "the projected year-end coverage against the year's target: red below %(red)s of the target, amber below %(amber)s, green otherwise. Without an earlier month to project from, coverage against its trajectory.":
        "proyeksi cakupan akhir tahun terhadap target tahun itu: merah di bawah %(red)s dari "
        "target, kuning di bawah %(amber)s, selain itu hijau. Tanpa data bulan sebelumnya "
        "untuk proyeksi, cakupan dibandingkan dengan lintasan targetnya.",
    "red without money of the region's own in the year's APBD murni; amber when a stage the province asks for (APBD-P of the year, APBD of the next year) holds no own money, when fewer workers are funded than a year before, or when the money not yet committed covers less than %(ad)s of the APBD need; green otherwise.":
        "merah bila tidak ada dana daerah sendiri di APBD murni tahun itu; kuning bila tahap "
        "yang diminta provinsi (APBD-P tahun itu, APBD tahun berikutnya) tanpa dana sendiri, "
        "bila pekerja yang dibiayai lebih sedikit dari tahun sebelumnya, atau bila dana yang "
        "belum terikat menutup kurang dari %(ad)s kebutuhan APBD; selain itu hijau.",
    "paid against the allocations' monthly schedule: red below %(red)s, amber below %(amber)s, green otherwise.":
        "pembayaran terhadap jadwal bulanan alokasi: merah di bawah %(red)s, kuning di bawah "
        "%(amber)s, selain itu hijau.",
    "the worst of the three.": "yang terburuk dari ketiganya.",
    "Own money budgeted: APBD %(y)s, APBD-P %(y)s and APBD %(next)s":
        "Dana sendiri yang dianggarkan: APBD %(y)s, APBD-P %(y)s dan APBD %(next)s",
    "What the Vice Governor asked of every region: money of its own (not the province's DBHCHT or APBD on its workers) in the budget of the year, its revision and the budget of the next year, as enacted by the end of %(month)s. \"Not yet due\" until the month the province expects the stage.":
        "Yang diminta Wakil Gubernur dari setiap daerah: dana sendiri (bukan DBHCHT atau APBD "
        "provinsi untuk pekerjanya) di APBD tahun berjalan, perubahannya, dan APBD tahun "
        "berikutnya, sebagaimana ditetapkan sampai akhir %(month)s. \"Belum waktunya\" sampai "
        "bulan tahap itu diharapkan provinsi.",
    "Without money of their own in APBD %(y)s:": "Tanpa dana sendiri di APBD %(y)s:",
    "%(n)s workers · %(m)s months": "%(n)s pekerja · %(m)s bulan",
    "no own money": "tidak ada dana sendiri",
    "not yet due": "belum waktunya",
    "down from %(n)s workers a year before": "turun dari %(n)s pekerja tahun sebelumnya",
    "Own money budgeted (%(y)s and the next year)":
        "Dana sendiri yang dianggarkan (%(y)s dan tahun berikutnya)",
    "Own money: the region's own budget. Province money (APBD provinsi, DBHCHT) spent on its workers counts for its coverage, not as its budgeting.":
        "Dana sendiri: anggaran daerah itu sendiri. Dana provinsi (APBD provinsi, DBHCHT) untuk "
        "pekerjanya dihitung untuk cakupannya, bukan sebagai penganggarannya.",
    "attainment %(a)s of the target %(target)s": "capaian %(a)s dari target %(target)s",
    "projected year-end": "proyeksi akhir tahun",
    "committed: %(n)s": "dijanjikan: %(n)s",
    "of it own money": "di antaranya dana sendiri",
    "APBD need %(y)s": "Kebutuhan APBD %(y)s",
    "compliance gap (employers' duty, not priced): %(n)s workers":
        "kesenjangan kepatuhan (kewajiban pemberi kerja, tidak dihitung biayanya): %(n)s pekerja",
    "not own money": "bukan dana sendiri",
    "Universal Coverage Jamsostek monitoring, %(name)s: %(month)s":
        "Monev Universal Coverage Jamsostek %(name)s: %(month)s",
    "Everything as of the end of %(month)s: participation of that month, budgets enacted by then, payments up to then.":
        "Semua angka per akhir %(month)s: kepesertaan bulan itu, anggaran yang sudah ditetapkan "
        "sampai saat itu, pembayaran sampai saat itu.",
    "regencies' own money": "dana sendiri kab/kota",
    "not enacted by %(month)s": "belum ditetapkan per %(month)s",
    "Regions without their own money in APBD %(year)s":
        "Daerah tanpa dana sendiri di APBD %(year)s",
    "every regency put in its own money": "semua kabupaten/kota menganggarkan dana sendiri",
    "APBD need: the vulnerable workers each region committed to fund and does not fund yet, for the months left in the year, at the contribution in force. Wage earners missing from the coverage are the employers' duty and are not priced here. The ranking table below holds the same figures.":
        "Kebutuhan APBD: pekerja rentan yang dijanjikan dibiayai daerah tetapi belum dibiayai, "
        "untuk sisa bulan tahun itu, dengan iuran yang berlaku. Pekerja penerima upah yang "
        "belum terlindungi adalah kewajiban pemberi kerja dan tidak dihitung di sini. Tabel "
        "peringkat di bawah memuat angka yang sama.",
    "Coverage = active participants ÷ workforce potential; attainment = coverage ÷ target. Projected year-end = this month's participants plus the monthly change of the last three months for the months left, ÷ workforce potential. Share of the gap = the region's workers still to cover ÷ those of all regencies. APBD need = committed vulnerable workers not yet funded × monthly contribution × months left in the year. Adequacy = money not already committed to funded workers ÷ APBD need. Realization = paid ÷ allocated.":
        "Cakupan = peserta aktif ÷ potensi tenaga kerja; capaian = cakupan ÷ target. Proyeksi "
        "akhir tahun = peserta bulan ini ditambah perubahan bulanan tiga bulan terakhir untuk "
        "sisa bulan, ÷ potensi tenaga kerja. Porsi kesenjangan = pekerja yang masih harus "
        "dicakup daerah itu ÷ milik semua kabupaten/kota. Kebutuhan APBD = pekerja rentan yang "
        "dijanjikan tetapi belum dibiayai × iuran bulanan × sisa bulan. Kecukupan = dana yang "
        "belum terikat untuk pekerja yang sudah dibiayai ÷ kebutuhan APBD. Realisasi = dibayar "
        "÷ dialokasikan.",
    "Own money": "Dana sendiri",
    "own money": "dana sendiri",
    "province's own money": "dana sendiri provinsi",
    "Why": "Alasan",
    "yes": "ya",
    "budgeting": "penganggaran",
    "coverage": "cakupan",
    "realization": "realisasi",
    "UCJ coverage of %(name)s at the end of %(month)s reached %(coverage)s, an attainment of %(attainment)s of its target of %(target)s for %(year)s: %(active)s active participants of a workforce potential of %(workforce)s.":
        "Cakupan UCJ %(name)s per %(month)s mencapai %(coverage)s, capaian %(attainment)s dari "
        "target %(target)s tahun %(year)s: %(active)s peserta aktif dari potensi tenaga kerja "
        "%(workforce)s.",
    "No budget enacted by %(month)s pays for %(year)s.":
        "Belum ada APBD yang ditetapkan per %(month)s untuk tahun %(year)s.",
    "The budgets of %(year)s enacted by %(month)s allocate %(allocated)s (%(own)s of it the region's own money); %(realized)s was paid up to %(month)s, a realization rate of %(rate)s and %(schedule)s of the schedule.":
        "Anggaran tahun %(year)s yang ditetapkan per %(month)s mengalokasikan %(allocated)s "
        "(%(own)s di antaranya dana sendiri); %(realized)s telah dibayarkan sampai %(month)s, "
        "realisasi %(rate)s dari alokasi dan %(schedule)s dari jadwal.",
    "Every regency and city put money of its own into APBD %(year)s.":
        "Semua kabupaten/kota menganggarkan dana sendiri di APBD %(year)s.",
    "Every regency and city has money of its own in %(stage)s.":
        "Semua kabupaten/kota memiliki dana sendiri di %(stage)s.",
}

PLURALS = {
    "%(n)s regency or city put no money of its own into APBD %(year)s: %(names)s.":
        "%(n)s kabupaten/kota tidak menganggarkan dana sendiri di APBD %(year)s: %(names)s.",
}

T.update({
    "The worst of three lights. Coverage: red when the coverage projected for December from the last three months is below %(red)s of the target, amber below %(amber)s. Budgeting: red when the region put no money of its own into the year's budget; amber when a budget the province asks for (the revised budget, next year's) holds none of its own money, or it funds fewer workers than a year before. Realization: red when less than %(low)s of the scheduled budget is paid, amber below %(schedule)s. Green: on track.":
        "Yang terburuk dari tiga lampu. Cakupan: merah bila cakupan yang diproyeksikan untuk "
        "Desember dari tiga bulan terakhir di bawah %(red)s dari target, kuning di bawah "
        "%(amber)s. Penganggaran: merah bila daerah tidak menganggarkan dana sendiri di APBD "
        "tahun itu; kuning bila anggaran yang diminta provinsi (APBD perubahan, APBD tahun "
        "depan) tidak memuat dana sendiri, atau pekerja yang dibiayai lebih sedikit dari tahun "
        "sebelumnya. Realisasi: merah bila kurang dari %(low)s anggaran terjadwal yang dibayar, "
        "kuning di bawah %(schedule)s. Hijau: sesuai jalur.",
})

T.update({
    "Workers planned in the month's budgets": "Pekerja yang direncanakan dalam anggaran bulan itu",
    "Workers paid for the month": "Pekerja yang iurannya dibayar untuk bulan itu",
    "Physical realization": "Realisasi fisik",
    "committed %(c)s · planned in the budgets %(p)s": "dijanjikan %(c)s · direncanakan dalam anggaran %(p)s",
    "physical: %(pct)s (%(n)s of %(m)s workers paid for %(month)s)":
        "fisik: %(pct)s (%(n)s dari %(m)s pekerja dibayar untuk %(month)s)",
    "workers paid for %(month)s ÷ planned": "pekerja dibayar untuk %(month)s ÷ direncanakan",
    "12 months": "12 bulan",
    "planned": "direncanakan",
    "funded": "dibiayai",
    "Contributions for the month": "Iuran untuk bulan itu",
})

T.update({
    "Money not yet committed": "Dana yang belum terikat",
    "the regencies' and cities' own money %(regencies)s, the province's %(province)s":
        "dana sendiri kabupaten/kota %(regencies)s, dana provinsi %(province)s",
    "%(own)s of it the region's own money": "%(own)s di antaranya dana sendiri",
    "The budgets of %(year)s enacted by %(month)s allocate %(allocated)s (%(whose)s); %(realized)s was paid up to %(month)s, a realization rate of %(rate)s and %(schedule)s of the schedule.":
        "Anggaran tahun %(year)s yang ditetapkan per %(month)s mengalokasikan %(allocated)s "
        "(%(whose)s); %(realized)s telah dibayarkan sampai %(month)s, realisasi %(rate)s dari "
        "alokasi dan %(schedule)s dari jadwal.",
    "The vulnerable workers committed and not yet funded need %(need)s to December; the money not yet committed to funded workers (%(free)s) covers it.":
        "Pekerja rentan yang dijanjikan tetapi belum dibiayai membutuhkan %(need)s sampai "
        "Desember; dana yang belum terikat untuk pekerja yang sudah dibiayai (%(free)s) "
        "mencukupinya.",
    "The vulnerable workers committed and not yet funded need %(need)s to December; the money not yet committed to funded workers (%(free)s) covers only %(adequacy)s of it.":
        "Pekerja rentan yang dijanjikan tetapi belum dibiayai membutuhkan %(need)s sampai "
        "Desember; dana yang belum terikat untuk pekerja yang sudah dibiayai (%(free)s) hanya "
        "menutup %(adequacy)s dari kebutuhan itu.",
})

T.update({
    "payments for the month recorded by %(r)s of %(e)s regions · approved %(a)s":
        "realisasi bulan itu dicatat %(r)s dari %(e)s daerah · disetujui %(a)s",
    "not yet": "belum",
})

T.update({
    "Funded by the region's own money": "Dibiayai dana sendiri daerah",
    "of them %(n)s paid by its own money": "di antaranya %(n)s dibiayai dana sendiri",
})

T.update({
    "Vulnerable workers: committed / planned / funded":
        "Pekerja rentan: dijanjikan / direncanakan / dibiayai",
})

T.update({
    "The vulnerable workers committed and not yet funded need %(need)s to December.":
        "Pekerja rentan yang dijanjikan tetapi belum dibiayai membutuhkan %(need)s sampai "
        "Desember.",
    "The money not yet committed to funded workers falls short of the APBD need in %(regions)s.":
        "Dana yang belum terikat untuk pekerja yang sudah dibiayai tidak mencukupi kebutuhan "
        "APBD di %(regions)s.",
})

T.update({
    "Every figure is as of the report's month: participation of that month, budgets enacted by then (their enactment date), payments for months up to then. Own money: a region's own budget; the province's money on a regency's workers counts for the regency's coverage, not as its budgeting. APBD need = committed vulnerable workers not yet funded × monthly contribution × months left in the year; the rest of the gap (wage earners) is the employers' duty and is not priced. Status: the worst of three lights: coverage (year-end coverage projected from the last three months against the target), budgeting (own money in the budget stages asked for, funding kept, money enough for the APBD need) and realization (payments against their schedule); the thresholds are those on the status thresholds page.":
        "Semua angka per bulan laporan: kepesertaan bulan itu, anggaran yang sudah ditetapkan "
        "sampai saat itu (menurut tanggal penetapannya), pembayaran untuk bulan-bulan sampai "
        "saat itu. Dana sendiri: anggaran daerah itu sendiri; dana provinsi untuk pekerja "
        "suatu kabupaten/kota dihitung untuk cakupannya, bukan sebagai penganggarannya. "
        "Kebutuhan APBD = pekerja rentan yang dijanjikan tetapi belum dibiayai × iuran bulanan "
        "× sisa bulan tahun itu; sisa kesenjangan (pekerja penerima upah) adalah kewajiban "
        "pemberi kerja dan tidak dihitung biayanya. Status: yang terburuk dari tiga lampu: "
        "cakupan (proyeksi cakupan akhir tahun dari tiga bulan terakhir terhadap target), "
        "penganggaran (dana sendiri di tahap anggaran yang diminta, pembiayaan yang "
        "dipertahankan, dana yang cukup untuk kebutuhan APBD) dan realisasi (pembayaran "
        "terhadap jadwalnya); ambangnya sesuai halaman ambang status.",
})

T.update({
    "A due month is a whole number from 1 to 12.": "Bulan jatuh tempo adalah bilangan bulat 1 sampai 12.",
    "Month (1–12)": "Bulan (1–12)",
})

T.update({
    "Each region has three lights (coverage, budgeting, realization) and an overall one, the worst of them, set by these thresholds. The budgeting light is also red when the region put no money of its own into the year's APBD murni.":
        "Setiap daerah punya tiga lampu (cakupan, penganggaran, realisasi) dan satu lampu "
        "keseluruhan, yang terburuk dari ketiganya, menurut ambang ini. Lampu penganggaran juga "
        "merah bila daerah tidak menganggarkan dana sendiri di APBD murni tahun itu.",
})

T.update({
    "payments for the month recorded by %(r)s of %(e)s regions":
        "realisasi bulan itu dicatat %(r)s dari %(e)s daerah",
})

T.update({
    "Participants lapsed in %(month)s rose by more than %(rise)s: %(regions)s.":
        "Peserta berhenti pada %(month)s naik lebih dari %(rise)s: %(regions)s.",
})
