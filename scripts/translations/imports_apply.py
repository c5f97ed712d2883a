"""Indonesian translations of the background apply of imports and the bulk import API (issue 18).

    scripts/update-messages $PWD/scripts/translations/imports_apply.py
"""

T = {
    "being applied": "sedang diterapkan",
    "why it failed": "alasan gagal",
    "checking every row again against the data as it is now":
        "memeriksa ulang setiap baris terhadap data saat ini",
    "writing every row in one go": "menulis semua baris sekaligus",
    "Applying the file": "Menerapkan berkas",
    "The background worker is writing the rows: all of them together, or none. You may leave "
    "the page and come back from the list of recent imports; it shows the result when the work "
    "ends.": "Pekerja latar belakang sedang menulis baris-barisnya: semuanya sekaligus, atau "
    "tidak sama sekali. Anda boleh meninggalkan halaman ini dan kembali dari daftar impor "
    "terbaru; hasilnya tampil setelah pekerjaan selesai.",
    "The file was not applied; nothing was written.":
        "Berkas tidak diterapkan; tidak ada yang ditulis.",
    "Your role may no longer write this dataset; nothing was written.":
        "Peran Anda tidak lagi boleh menulis jenis data ini; tidak ada yang ditulis.",
    "Applying failed because of an internal error; nothing was written. Apply again; if it "
    "fails again, tell the administrator.": "Penerapan gagal karena kesalahan internal; tidak "
    "ada yang ditulis. Terapkan lagi; jika gagal lagi, beri tahu administrator.",
    "The file was not applied in time and has been deleted; nothing was written. Upload it "
    "again.": "Berkas tidak diterapkan tepat waktu dan telah dihapus; tidak ada yang ditulis. "
    "Unggah lagi.",
}
T.update({
    "The file (field “file”) may be at most %(limit)s MB. Split it into smaller files.":
        "Berkas (isian “file”) paling besar %(limit)s MB. Pecah menjadi beberapa berkas yang "
        "lebih kecil.",
})
