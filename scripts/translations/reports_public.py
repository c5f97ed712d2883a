"""Indonesian translations of the public transparency page (``/publik/``, issue 8).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/reports_public.py
"""

T = {
    # head and top bar
    "UCJ transparency": "Transparansi UCJ",
    "Universal Coverage Jamsostek: coverage of workers by BPJS Ketenagakerjaan, targets and "
    "contribution budgets per regency and city.":
        "Universal Coverage Jamsostek: cakupan pekerja dalam kepesertaan BPJS Ketenagakerjaan, "
        "target, dan anggaran iuran per kabupaten/kota.",
    "Language and sign-in": "Bahasa dan masuk",
    "(officials)": "(petugas)",
    "Sign in for officials": "Masuk untuk petugas",
    "Synthetic demonstration data": "Data demonstrasi sintetis",
    "the figures on this page are generated for demonstration, not published figures.":
        "angka pada halaman ini dibuat untuk demonstrasi, bukan angka resmi.",
    "No participation figures have been published yet.":
        "Belum ada data kepesertaan yang diterbitkan.",
    # heading
    "worker social security coverage": "cakupan jaminan sosial ketenagakerjaan",
    "Active BPJS Ketenagakerjaan participants at the end of %(month)s against the workforce "
    "potential and the target of each regency and city, and the contribution budgets of "
    "%(year)s paid up to %(month)s.":
        "Peserta aktif BPJS Ketenagakerjaan pada akhir %(month)s dibandingkan dengan potensi "
        "tenaga kerja dan target setiap kabupaten/kota, serta anggaran iuran tahun %(year)s "
        "yang telah dibayarkan sampai dengan %(month)s.",
    "Data last updated": "Data terakhir diperbarui",
    "participation of %(month)s approved for %(n)s of %(total)s regions":
        "kepesertaan %(month)s disetujui untuk %(n)s dari %(total)s daerah",
    "allocations of %(year)s for %(n)s of %(total)s":
        "alokasi %(year)s untuk %(n)s dari %(total)s",
    "synthetic demo data": "data demo sintetis",
    # headline figures
    "active participants ÷ workforce potential": "peserta aktif ÷ potensi tenaga kerja",
    "by December": "pada Desember",
    "at the end of": "pada akhir",
    "workers coverage is measured against": "jumlah pekerja yang menjadi dasar perhitungan cakupan",
    "Budget allocated": "Anggaran dialokasikan",
    "all budget stages and sources": "semua tahap dan sumber anggaran",
    "Budget realized": "Realisasi anggaran",
    "of the allocation": "dari alokasi",
    "up to": "sampai dengan",
    # map
    "Coverage by regency and city": "Cakupan per kabupaten/kota",
    "Coverage by regency and city, %(month)s": "Cakupan per kabupaten/kota, %(month)s",
    "Coverage (active participants ÷ workforce potential)":
        "Cakupan (peserta aktif ÷ potensi tenaga kerja)",
    "Darker green is higher coverage; grey has no data. The table below holds the same "
    "figures.":
        "Makin gelap warna hijaunya, makin tinggi cakupannya; abu-abu berarti tidak ada data. "
        "Angka yang sama tercantum pada tabel di bawah.",
    # table
    "Per regency and city": "Per kabupaten/kota",
    "Download CSV": "Unduh CSV",
    "Coverage at the end of %(month)s and budgets of %(year)s per regency and city":
        "Cakupan pada akhir %(month)s dan anggaran tahun %(year)s per kabupaten/kota",
    "Province level (not yet assigned to a regency or city)":
        "Tingkat provinsi (belum dirinci per kabupaten/kota)",
    "participation": "kepesertaan",
    "allocations": "alokasi",
    "Realized: paid to BPJS Ketenagakerjaan from the year's allocations up to %(month)s.":
        "Terealisasi: dibayarkan kepada BPJS Ketenagakerjaan dari alokasi tahun berjalan "
        "sampai dengan %(month)s.",
    # explanation
    "How to read these figures": "Cara membaca angka-angka ini",
    "The share of workers protected by BPJS Ketenagakerjaan: active participants divided by "
    "the workforce potential. The province's coverage adds up the participants and the "
    "workforce potential of all regencies and cities; it is not an average of percentages.":
        "Bagian pekerja yang terlindungi BPJS Ketenagakerjaan: jumlah peserta aktif dibagi "
        "potensi tenaga kerja. Cakupan provinsi dihitung dari jumlah peserta dan jumlah "
        "potensi tenaga kerja seluruh kabupaten/kota, bukan rata-rata persentase.",
    "The coverage a regency or city has committed to reach by December of the year. A region "
    "without its own commitment follows the province's target.":
        "Cakupan yang menjadi komitmen kabupaten/kota untuk dicapai pada bulan Desember tahun "
        "berjalan. Daerah yang belum menetapkan komitmen sendiri mengikuti target provinsi.",
    "Workers whose contributions for the month are paid, at the end of the month, as reported "
    "by BPJS Ketenagakerjaan.":
        "Pekerja yang iurannya untuk bulan tersebut sudah dibayar, per akhir bulan, menurut "
        "laporan BPJS Ketenagakerjaan.",
    "The number of workers in the region that coverage is measured against, set for each "
    "region and year.":
        "Jumlah pekerja di daerah yang menjadi dasar perhitungan cakupan, ditetapkan untuk "
        "setiap daerah dan tahun.",
    "Red: no budget allocated for the year, or coverage below %(red)s of where it should be "
    "on the way to the target. Amber: coverage below %(amber)s of that point, or less than "
    "%(schedule)s of the scheduled budget paid. Green: on track.":
        "Merah: belum ada anggaran yang dialokasikan tahun ini, atau cakupan di bawah %(red)s "
        "dari posisi yang seharusnya dicapai menuju target. Kuning: cakupan di bawah "
        "%(amber)s dari posisi tersebut, atau anggaran yang dibayarkan kurang dari "
        "%(schedule)s dari jadwal. Hijau: sesuai jalur.",
    "Budget allocated and realized": "Alokasi dan realisasi anggaran",
    "Contribution budgets the regional governments set aside for workers in the year "
    "(regional budgets and their revision, tobacco excise revenue share, village funds and "
    "other sources), and what has been paid from them to BPJS Ketenagakerjaan so far. The "
    "realization rate is the part of the allocation already paid.":
        "Anggaran iuran yang disediakan pemerintah daerah bagi pekerja pada tahun berjalan "
        "(APBD murni dan perubahan, DBHCHT, dana desa, dan sumber lain), serta bagian yang "
        "sudah dibayarkan kepada BPJS Ketenagakerjaan. Tingkat realisasi adalah bagian "
        "alokasi yang sudah dibayarkan.",
    "Figures are entered by the regions and approved by the province. Figures not yet "
    "approved are shown, labelled “not yet approved”, and may still change.":
        "Data diisi oleh daerah dan disetujui oleh provinsi. Data yang belum disetujui tetap "
        "ditampilkan dengan label “belum disetujui” dan masih dapat berubah.",
    "active participants from BPJS Ketenagakerjaan; workforce potential, targets, budget "
    "allocations and realizations recorded by the provincial and regional governments in "
    "UCJ Monitor.":
        "peserta aktif dari BPJS Ketenagakerjaan; potensi tenaga kerja, target, alokasi dan "
        "realisasi anggaran dicatat oleh pemerintah provinsi dan kabupaten/kota di UCJ Monitor.",
}

PLURALS: dict = {}
