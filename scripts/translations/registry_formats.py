"""Indonesian translations of the beneficiary registry's reading of office files (issue 15,
item 6): files that are no table, the layout recorded with an upload.

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/registry_formats.py
"""

T = {
    "The file is not a table: its first rows hold no column names separated by semicolons, "
    "commas or tabs. Upload the list as .xlsx, or as CSV with a header row (NIK, name, birth "
    "date, sex …).":
        "Berkas ini bukan tabel: baris-baris pertamanya tidak memuat nama kolom yang dipisahkan "
        "titik koma, koma, atau tab. Unggah daftar sebagai .xlsx, atau sebagai CSV dengan baris "
        "judul kolom (NIK, nama, tanggal lahir, jenis kelamin …).",
    "Give the command line a CSV file.": "Berikan berkas CSV kepada perintah ini.",
    "delimiter": "pemisah kolom",
    "header row": "baris judul kolom",
    "columns holding numbers": "kolom berisi angka",
    "Sex (L/P, Laki-laki/Perempuan or 1/2)": "Jenis kelamin (L/P, Laki-laki/Perempuan atau 1/2)",
    "Birth date (e.g. 15/05/1985)": "Tanggal lahir (mis. 15/05/1985)",
    "A CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or .xlsx; a title row above the "
    "header is skipped. Columns named nik, name, birth_date, sex, village_code, occupation, "
    "category, desil, phone, source need no mapping; other names are mapped once and "
    "remembered. Birth dates as 1985-05-15, 15/05/1985, 15-05-1985, 15.05.1985 or 15 Mei 1985; "
    "sex as L/P, Laki-laki/Perempuan or 1/2. Keep the NIK column as text. Up to millions of "
    "rows.":
        "CSV (pemisah koma, titik koma, atau tab; UTF-8 atau Windows-1252) atau .xlsx; baris "
        "judul di atas judul kolom dilewati. Kolom bernama nik, name, birth_date, sex, "
        "village_code, occupation, category, desil, phone, source tidak perlu dipetakan; nama "
        "lain dipetakan sekali dan diingat. Tanggal lahir sebagai 1985-05-15, 15/05/1985, "
        "15-05-1985, 15.05.1985 atau 15 Mei 1985; jenis kelamin sebagai L/P, Laki-laki/Perempuan "
        "atau 1/2. Simpan kolom NIK sebagai teks. Hingga jutaan baris.",
}
