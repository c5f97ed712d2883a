"""Indonesian translations of the registry's participant data per region, coarse person rows
and failures without content (issue 14, parts 1 and 3).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/registry_privacy.py
"""

T = {
    # models
    "participants": "peserta",
    "latest month paid": "bulan bayar terakhir",
    "participant data of a region": "data peserta suatu wilayah",
    "participant data of regions": "data peserta wilayah",
    # services: uploads and failures
    "Row 1 holds data (a NIK, a number or a date), not the column names. Add a first row with "
    "the names of the columns and upload again.":
        "Baris 1 berisi data (NIK, angka, atau tanggal), bukan nama kolom. Tambahkan baris "
        "pertama berisi nama-nama kolom lalu unggah kembali.",
    "The file has been processed or deleted already; upload it again to check it again.":
        "Berkas ini sudah diproses atau sudah dihapus; unggah kembali untuk memeriksanya lagi.",
    "The uploaded file is no longer there (it was deleted after waiting too long, or it was "
    "processed already): upload it again.":
        "Berkas yang diunggah sudah tidak ada (dihapus karena terlalu lama menunggu, atau sudah "
        "diproses): unggah kembali.",
    "The file did not fit in the memory available for processing. Split it, or ask the "
    "administrator to raise the limit.":
        "Berkas tidak muat dalam memori yang tersedia untuk pemrosesan. Pecah berkasnya, atau "
        "minta administrator menaikkan batasnya.",
    "Row %(row)s cannot be read: a quote mark is opened and not closed, or a cell is far too "
    "long. Correct that row, or save the file again as CSV from the spreadsheet, and upload "
    "again.":
        "Baris %(row)s tidak dapat dibaca: ada tanda kutip yang dibuka tetapi tidak ditutup, "
        "atau sel yang terlalu panjang. Perbaiki baris itu, atau simpan ulang berkas sebagai "
        "CSV dari aplikasi lembar kerja, lalu unggah kembali.",
    "The file cannot be read as CSV. Save it again as CSV (UTF-8) or as .xlsx from the "
    "spreadsheet and upload again.":
        "Berkas tidak dapat dibaca sebagai CSV. Simpan ulang sebagai CSV (UTF-8) atau .xlsx "
        "dari aplikasi lembar kerja lalu unggah kembali.",
    "An internal error (%(type)s) stopped the processing; the file's content is not recorded. "
    "Try again, or ask the administrator.":
        "Kesalahan internal (%(type)s) menghentikan pemrosesan; isi berkas tidak dicatat. Coba "
        "lagi, atau hubungi administrator.",
    "This file has been checked already; upload it again to check it again.":
        "Berkas ini sudah diperiksa; unggah kembali untuk memeriksanya lagi.",
    # views
    "Regency code of the participant (e.g. 52.03)":
        "Kode kabupaten/kota peserta (mis. 52.03)",
    "The participant file is being processed: funded workers' statuses follow when it is "
    "done. Rows of regions outside yours are set aside and counted.":
        "Berkas peserta sedang diproses: status pekerja yang dibiayai diperbarui setelah "
        "selesai. Baris dari wilayah di luar wilayah Anda disisihkan dan dihitung.",
    # home
    "Lists are matched, per region, against the latest participant file covering that "
    "region. A branch's file counts only in the regions it serves.":
        "Daftar dicocokkan, per wilayah, dengan berkas peserta terbaru yang mencakup wilayah "
        "itu. Berkas suatu kantor cabang hanya berlaku di wilayah yang dilayaninya.",
    "Latest file": "Berkas terbaru",
    "Participants": "Peserta",
    "none yet: not matched against participants":
        "belum ada: tidak dicocokkan dengan peserta",
    "Header nik,status,segment,region_code,last_paid_month (status aktif/nonaktif, "
    "region_code the participant's regency such as 52.03, month YYYY-MM). Rows of regions "
    "outside yours are set aside and counted. The NIKs are hashed on arrival; the file itself "
    "is deleted once processed.":
        "Judul kolom nik,status,segment,region_code,last_paid_month (status aktif/nonaktif, "
        "region_code kabupaten/kota peserta seperti 52.03, bulan YYYY-MM). Baris dari wilayah "
        "di luar wilayah Anda disisihkan dan dihitung. NIK di-hash saat diterima; berkasnya "
        "sendiri dihapus setelah diproses.",
    "Your recent participant files": "Berkas peserta terbaru Anda",
    "%(rows)s participants kept, %(active)s active":
        "%(rows)s peserta disimpan, %(active)s aktif",
    "%(n)s rows of regions outside yours and %(m)s rows without a known regency set aside":
        "%(n)s baris dari wilayah di luar wilayah Anda dan %(m)s baris tanpa kabupaten/kota "
        "yang dikenal disisihkan",
    "not processed; deleted": "tidak diproses; dihapus",
    "waiting to be processed": "menunggu diproses",
    # run and row pages
    "Regency": "Kabupaten/kota",
    "Age": "Umur",
    "Name, birth date, sex, village, occupation, category and desil are shown only to the "
    "region's operators and the province admin.":
        "Nama, tanggal lahir, jenis kelamin, desa, pekerjaan, kategori, dan desil hanya "
        "ditampilkan kepada operator wilayah dan admin provinsi.",
    "The results of this run are no longer stored.":
        "Hasil pencocokan ini sudah tidak disimpan.",
    "Matched against the participant data of each region:":
        "Dicocokkan dengan data peserta tiap wilayah:",
    "No participant data of the region yet: not matched against BPJS participants.":
        "Belum ada data peserta wilayah ini: tidak dicocokkan dengan peserta BPJS.",
    "Without the right to personal data, rows show the masked NIK, the regency and a "
    "ten-year age band only: no name, birth date, sex, village, occupation or desil.":
        "Tanpa hak atas data pribadi, baris hanya menampilkan NIK tersamar, kabupaten/kota, "
        "dan kelompok umur sepuluh tahunan: tanpa nama, tanggal lahir, jenis kelamin, desa, "
        "pekerjaan, atau desil.",
}
