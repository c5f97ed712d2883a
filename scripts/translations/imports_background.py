"""Indonesian translations of the background check of big imports, its progress and limits,
and the kept error workbook (issue 14, parts 2 and 5).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/imports_background.py
"""

T = {
    # the job's states and fields
    "being checked": "sedang diperiksa",
    "check failed": "gagal diperiksa",
    "progress (%)": "kemajuan (%)",
    "stage": "tahap",
    "why the check failed": "alasan pemeriksaan gagal",
    # the stages of the check
    "waiting for the background worker": "menunggu pekerja latar belakang",
    "reading the file": "membaca berkas",
    "checking every row": "memeriksa setiap baris",
    "marking the errors in a copy of the file": "menandai kesalahan pada salinan berkas",
    # the page
    "Checking the file": "Memeriksa berkas",
    "The file is big, so it is checked in the background. Nothing is saved yet: when the "
    "check ends this page shows what the file would create and change. You may leave the page "
    "and come back from the list of recent imports.":
        "Berkas ini besar, jadi diperiksa di latar belakang. Belum ada yang disimpan: setelah "
        "pemeriksaan selesai, halaman ini menampilkan apa yang akan dibuat dan diubah oleh "
        "berkas. Anda boleh meninggalkan halaman ini dan kembali lewat daftar impor terbaru.",
    "The file could not be checked. Nothing was saved, and the file has been deleted.":
        "Berkas tidak dapat diperiksa. Tidak ada yang disimpan, dan berkas telah dihapus.",
    "Stop the check and discard this upload": "Hentikan pemeriksaan dan buang unggahan ini",
    # why a check failed
    "The check failed because of an internal error. Upload the file again; if it fails "
    "again, tell the administrator.":
        "Pemeriksaan gagal karena kesalahan internal. Unggah berkas itu lagi; jika gagal lagi, "
        "beri tahu administrator.",
    "The file was not checked in time and has been deleted; upload it again.":
        "Berkas tidak sempat diperiksa dan telah dihapus; unggah lagi.",
    "Checking the file took longer than %(seconds)s seconds and was stopped. Split it into "
    "smaller files and upload them one by one.":
        "Pemeriksaan berkas memakan waktu lebih dari %(seconds)s detik dan dihentikan. Pecah "
        "berkas menjadi beberapa berkas yang lebih kecil dan unggah satu per satu.",
    "Reading the file needed more memory than the limit allows, and was stopped. Split it "
    "into smaller files, or save it again as a plain .xlsx workbook or CSV.":
        "Membaca berkas memerlukan memori melebihi batas yang diizinkan, sehingga dihentikan. "
        "Pecah berkas menjadi beberapa berkas yang lebih kecil, atau simpan ulang sebagai buku "
        "kerja .xlsx biasa atau CSV.",
    "The file could not be read: the reader stopped unexpectedly. Save it again as a plain "
    ".xlsx workbook or CSV and upload it again.":
        "Berkas tidak dapat dibaca: pembaca berkas berhenti tiba-tiba. Simpan ulang sebagai "
        "buku kerja .xlsx biasa atau CSV, lalu unggah lagi.",
    # the error workbook
    "This import has no errors to mark.": "Impor ini tidak memiliki kesalahan untuk ditandai.",
    "The file cannot be read, so there is no copy to mark: correct the file and upload it "
    "again.":
        "Berkas tidak dapat dibaca, jadi tidak ada salinan untuk ditandai: perbaiki berkas lalu "
        "unggah lagi.",
}
