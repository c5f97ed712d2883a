"""Indonesian translations of the registry's results CSV written in the background (issue 18).

    scripts/update-messages $PWD/scripts/translations/registry_export.py
"""

T = {
    "being prepared": "sedang disiapkan",
    "ready": "siap",
    "results file": "berkas hasil",
    "results files": "berkas hasil",
    "whole rows": "baris lengkap",
    "filters": "filter",
    "Results CSV": "CSV hasil",
    "filtered": "difilter",
    "The CSV is ready": "CSV sudah siap",
    "%(rows)s rows": "%(rows)s baris",
    "Download the CSV": "Unduh CSV",
    "The CSV could not be prepared": "CSV tidak dapat disiapkan",
    "Preparing the file failed. Open this page again to try again.":
        "Penyiapan berkas gagal. Buka halaman ini lagi untuk mencoba lagi.",
    "The CSV is being prepared": "CSV sedang disiapkan",
    "The file is written in the background; this page shows the download when it is ready. "
    "You may leave the page and come back.":
        "Berkas ditulis di latar belakang; halaman ini menampilkan unduhan begitu siap. "
        "Anda boleh meninggalkan halaman ini dan kembali lagi.",
}
