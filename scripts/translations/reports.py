"""Indonesian for the reports pages, the report model and periods."""

T = {
    "Reports": "Laporan",
    "Report": "Laporan",
    "report": "laporan",
    "reports": "laporan",
    "Monev report (PDF)": "Laporan monev (PDF)",
    "Data workbook (Excel)": "Buku kerja data (Excel)",
    "queued": "dalam antrean",
    "being made": "sedang dibuat",
    "ready": "siap",
    "failed": "gagal",
    "kind": "jenis",
    "period": "periode",
    "YYYY-MM, YYYY-Qn or YYYY": "YYYY-MM, YYYY-Qn atau YYYY",
    "data month": "bulan data",
    "file": "berkas",
    "file name": "nama berkas",
    "size (bytes)": "ukuran (bita)",
    "data versions": "versi data",
    "data digest": "ringkasan (digest) data",
    "error": "galat",
    "requested": "dipesan",
    "requested by": "dipesan oleh",
    "started": "mulai",
    "finished": "selesai",
    "duration (ms)": "durasi (md)",
    "Quarter %(q)s %(year)s": "Triwulan %(q)s %(year)s",
    "Year %(year)s": "Tahun %(year)s",
    "“%(text)s” is not a period: write YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year), "
    "e.g. 2025-06, 2025-Q2 or 2025.": "“%(text)s” bukan periode: tulis YYYY-MM (bulan), YYYY-Qn "
    "(triwulan) atau YYYY (tahun), misalnya 2025-06, 2025-Q2 atau 2025.",
    "“%(text)s”: the month must be 01 to 12.": "“%(text)s”: bulan harus 01 sampai 12.",
    "Unknown report kind.": "Jenis laporan tidak dikenal.",
    "Reports are made for the province or a regency/city.":
        "Laporan dibuat untuk provinsi atau kabupaten/kota.",
    "The report is being made; this page shows when it is ready.":
        "Laporan sedang dibuat; halaman ini menunjukkan bila sudah siap.",
    "Period": "Periode",
    "A month (2026-06), a quarter (2026-Q2) or a year (2026).":
        "Bulan (2026-06), triwulan (2026-Q2) atau tahun (2026).",
    "The monev report (PDF) for the Governor's office and the data workbook (Excel) for BPKAD "
    "and Bappeda, for a month, a quarter or a year. Each report is kept as it was made, with the "
    "versions of the data it used: it downloads again unchanged, and says when the data has "
    "changed since.": "Laporan monev (PDF) untuk Kantor Gubernur dan buku kerja data (Excel) "
    "untuk BPKAD dan Bappeda, per bulan, triwulan atau tahun. Setiap laporan disimpan "
    "sebagaimana dibuat, bersama versi data yang dipakainya: dapat diunduh lagi tanpa berubah, "
    "dan memberi tahu bila datanya sudah berubah sejak itu.",
    "Public page": "Halaman publik",
    "New report": "Laporan baru",
    "Make the report": "Buat laporan",
    "Requested": "Dipesan",
    "Size": "Ukuran",
    "No reports yet.": "Belum ada laporan.",
    "The report is being made in the background. This page refreshes itself.":
        "Laporan sedang dibuat di latar belakang. Halaman ini memuat ulang sendiri.",
    "The report could not be made.": "Laporan tidak dapat dibuat.",
    "The data has changed since this report was made. The file below is the report as it was "
    "made; make a new report for the current figures.": "Data telah berubah sejak laporan ini "
    "dibuat. Berkas di bawah adalah laporan sebagaimana dibuat; buat laporan baru untuk angka "
    "terkini.",
    "The data is unchanged since this report was made.":
        "Data tidak berubah sejak laporan ini dibuat.",
    "Data month": "Bulan data",
    "no participation data in this period": "tidak ada data kepesertaan pada periode ini",
    "Finished": "Selesai",
    "File": "Berkas",
    "Data this report used": "Data yang dipakai laporan ini",
    "Dataset": "Data",
    "Records": "Catatan",
    "Last changed": "Terakhir diubah",
    "submissions": "verifikasi data",
    "Digest of these versions": "Ringkasan (digest) versi ini",
    "Public data": "Data publik",
    "Download": "Unduh",
    "No boundaries to draw a map.": "Tidak ada batas wilayah untuk menggambar peta.",
    "no data": "tidak ada data",
    "Allocations": "Alokasi anggaran",
    "Submissions of %(dataset)s: %(state)s": "Verifikasi data %(dataset)s: %(state)s",
}
PLURALS = {"report": "laporan"}
