"""Indonesian translations of the navigation groups, the skip link and the sign-in page's
links (issue 19, accessibility and navigation).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/accessibility_nav.py
"""

T = {
    "Skip to main content": "Langsung ke isi halaman",
    "Monitor": "Pantau",
    "The province's coverage, money and lights by region": "Cakupan, anggaran dan status provinsi per daerah",
    "Each regency and city, its figures and history": "Setiap kabupaten/kota, angka dan riwayatnya",
    "Upload a spreadsheet, check it, then apply it": "Unggah lembar kerja, periksa, lalu terapkan",
    "Data sent for approval, approved or returned": "Data yang diajukan, disetujui atau dikembalikan",
    "Beneficiary lists matched with BPJS participants": "Daftar calon penerima dipadankan dengan peserta BPJS",
    "Monev reports": "Laporan monev",
    "PDF reports and data workbooks of a month, quarter or year": "Laporan PDF dan buku kerja data per bulan, triwulan atau tahun",
    "The page anyone can read, without signing in": "Halaman yang dapat dibaca siapa saja tanpa masuk",
    "coverage of every region, without signing in": "cakupan setiap daerah, tanpa masuk",
}
