"""Indonesian translations of the bounded reading of spreadsheets (issue 14, hostile files).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/hostile_files.py
"""

T = {
    # what a file is
    "This is not an Excel workbook (.xlsx). Upload the .xlsx template or a CSV file.":
        "Ini bukan buku kerja Excel (.xlsx). Unggah templat .xlsx atau berkas CSV.",
    "This is an Excel workbook or another zip file, not a CSV text. Name an Excel workbook "
    ".xlsx, or save it as CSV, and upload it again.":
        "Ini buku kerja Excel atau berkas zip lain, bukan teks CSV. Beri nama buku kerja Excel "
        "dengan akhiran .xlsx, atau simpan sebagai CSV, lalu unggah lagi.",
    "This is not a CSV text file. Upload the .xlsx template or a CSV file.":
        "Ini bukan berkas teks CSV. Unggah templat .xlsx atau berkas CSV.",
    "This is a web page or an XML document, not a CSV file. Upload the .xlsx template or a "
    "CSV file.":
        "Ini halaman web atau dokumen XML, bukan berkas CSV. Unggah templat .xlsx atau berkas "
        "CSV.",
    # the zip
    "The workbook consists of %(count)s parts; a spreadsheet has far fewer (the limit is "
    "%(limit)s). It is not read.":
        "Buku kerja ini terdiri atas %(count)s bagian; lembar kerja biasa jauh lebih sedikit "
        "(batasnya %(limit)s). Berkas tidak dibaca.",
    "The workbook holds the part “%(part)s” twice: the file is damaged or crafted, and is not "
    "read.":
        "Buku kerja memuat bagian “%(part)s” dua kali: berkas rusak atau sengaja dibuat "
        "demikian, dan tidak dibaca.",
    "The workbook unpacks to more than %(limit)s MB. Split the data into smaller files.":
        "Isi buku kerja setelah diekstrak lebih dari %(limit)s MB. Pecah data menjadi beberapa "
        "berkas yang lebih kecil.",
    "The workbook part “%(part)s” is compressed in a way spreadsheet programs do not use. Open "
    "the file in Excel, save it as an Excel workbook (.xlsx) and upload it again.":
        "Bagian “%(part)s” dari buku kerja dikompresi dengan cara yang tidak dipakai program "
        "lembar kerja. Buka berkas di Excel, simpan sebagai buku kerja Excel (.xlsx), lalu "
        "unggah lagi.",
    "The workbook part “%(part)s” unpacks to %(size)s MB; the limit is %(limit)s MB. Split the "
    "data into smaller files.":
        "Bagian “%(part)s” dari buku kerja setelah diekstrak berukuran %(size)s MB; batasnya "
        "%(limit)s MB. Pecah data menjadi beberapa berkas yang lebih kecil.",
    "The workbook part “%(part)s” is compressed %(ratio)s to 1, far more than any spreadsheet: "
    "it looks like a zip bomb and is not read.":
        "Bagian “%(part)s” dari buku kerja dikompresi %(ratio)s banding 1, jauh melebihi "
        "lembar kerja mana pun: berkas ini tampak seperti bom zip dan tidak dibaca.",
    "The workbook part “%(part)s” unpacks to more than it declares: the file is damaged or "
    "crafted, and is not read.":
        "Bagian “%(part)s” dari buku kerja berisi lebih banyak data daripada yang "
        "dinyatakannya: berkas rusak atau sengaja dibuat demikian, dan tidak dibaca.",
    # the XML
    "The workbook part “%(part)s” contains a DOCTYPE or ENTITY declaration, which spreadsheets "
    "never need and which can hide attacks (entity expansion, reading files of the server). It "
    "is not read.":
        "Bagian “%(part)s” dari buku kerja memuat deklarasi DOCTYPE atau ENTITY, yang tidak "
        "pernah diperlukan lembar kerja dan dapat menyembunyikan serangan (ekspansi entitas, "
        "pembacaan berkas server). Berkas tidak dibaca.",
    "The workbook part “%(part)s” is not written in UTF-8 as spreadsheet programs write it. "
    "Open the file in Excel, save it as an Excel workbook (.xlsx) and upload it again.":
        "Bagian “%(part)s” dari buku kerja tidak ditulis dalam UTF-8 seperti yang dilakukan "
        "program lembar kerja. Buka berkas di Excel, simpan sebagai buku kerja Excel (.xlsx), "
        "lalu unggah lagi.",
    "The workbook has more than %(limit)s sheets.":
        "Buku kerja memiliki lebih dari %(limit)s lembar.",
    "The part “%(part)s” is written in an unusual form and holds more than %(limit)s cells or "
    "elements, which UCJ Monitor reads only as spreadsheet programs write them. Open the file "
    "in Excel, save it as an Excel workbook (.xlsx) and upload it again.":
        "Bagian “%(part)s” ditulis dalam bentuk yang tidak lazim dan memuat lebih dari "
        "%(limit)s sel atau elemen; sebanyak itu hanya dibaca UCJ Monitor dalam bentuk yang "
        "ditulis program lembar kerja. Buka berkas di Excel, simpan sebagai buku kerja Excel "
        "(.xlsx), lalu unggah lagi.",
    # the sheets
    "The sheet “%(sheet)s” declares the range %(range)s (%(rows)s rows × %(columns)s columns); "
    "the limit is %(max_rows)s rows × %(max_columns)s columns and %(max_cells)s cells. Delete "
    "the empty rows and columns beyond the data, save and upload again.":
        "Lembar “%(sheet)s” menyatakan rentang %(range)s (%(rows)s baris × %(columns)s kolom); "
        "batasnya %(max_rows)s baris × %(max_columns)s kolom dan %(max_cells)s sel. Hapus "
        "baris dan kolom kosong di luar data, simpan, lalu unggah lagi.",
    "The sheet “%(sheet)s” has a cell at %(cell)s; the limit is %(max_rows)s rows × "
    "%(max_columns)s columns. Delete the rows and columns beyond the data (even if they look "
    "empty), save and upload again.":
        "Lembar “%(sheet)s” memiliki sel di %(cell)s; batasnya %(max_rows)s baris × "
        "%(max_columns)s kolom. Hapus baris dan kolom di luar data (meski tampak kosong), "
        "simpan, lalu unggah lagi.",
    "The sheet “%(sheet)s” spans %(rows)s rows × %(columns)s columns, %(cells)s cells; the "
    "limit is %(limit)s cells. Split the data into smaller files.":
        "Lembar “%(sheet)s” mencakup %(rows)s baris × %(columns)s kolom, %(cells)s sel; "
        "batasnya %(limit)s sel. Pecah data menjadi beberapa berkas yang lebih kecil.",
    "The sheet “%(sheet)s” has more than %(limit)s cells. Split the data into smaller files.":
        "Lembar “%(sheet)s” memiliki lebih dari %(limit)s sel. Pecah data menjadi beberapa "
        "berkas yang lebih kecil.",
    "The workbook holds more than %(limit)s texts. Split the data into smaller files.":
        "Buku kerja memuat lebih dari %(limit)s teks. Pecah data menjadi beberapa berkas yang "
        "lebih kecil.",
    "The sheet “%(sheet)s” has more than %(limit)s merged ranges. Unmerge the cells, save and "
    "upload again.":
        "Lembar “%(sheet)s” memiliki lebih dari %(limit)s rentang sel gabungan. Pisahkan sel "
        "itu, simpan, lalu unggah lagi.",
    "The sheet “%(sheet)s”, cell %(cell)s: the text is longer than %(limit)s characters, the "
    "most a spreadsheet cell holds.":
        "Lembar “%(sheet)s”, sel %(cell)s: teksnya lebih dari %(limit)s karakter, batas isi "
        "satu sel lembar kerja.",
    "The workbook holds a text longer than %(limit)s characters, the most a spreadsheet cell "
    "holds.":
        "Buku kerja memuat teks yang lebih dari %(limit)s karakter, batas isi satu sel lembar "
        "kerja.",
    # CSV
    "The file has more than %(limit)s cells. Split it into smaller files.":
        "Berkas memiliki lebih dari %(limit)s sel. Pecah menjadi beberapa berkas yang lebih "
        "kecil.",
    "The file has more than %(limit)s rows. Split it into smaller files.":
        "Berkas memiliki lebih dari %(limit)s baris. Pecah menjadi beberapa berkas yang lebih "
        "kecil.",
    "Row %(row)s: a cell is longer than %(limit)s characters, or a quotation mark (\") opens a "
    "cell that never closes. Check that row and upload again.":
        "Baris %(row)s: ada sel yang lebih dari %(limit)s karakter, atau tanda petik (\") "
        "membuka sel yang tidak pernah ditutup. Periksa baris itu, lalu unggah lagi.",
    "Row %(row)s cannot be read as CSV. Save the file again as CSV UTF-8 and upload it again.":
        "Baris %(row)s tidak dapat dibaca sebagai CSV. Simpan ulang berkas sebagai CSV UTF-8, "
        "lalu unggah lagi.",
    "Row %(row)s has %(count)s columns; the limit is %(limit)s.":
        "Baris %(row)s memiliki %(count)s kolom; batasnya %(limit)s.",
    "Row %(row)s, column %(column)s: the text is longer than %(limit)s characters, the most a "
    "cell may hold.":
        "Baris %(row)s, kolom %(column)s: teksnya lebih dari %(limit)s karakter, batas isi "
        "satu sel.",
    "The first row (the header) is longer than %(limit)s characters.":
        "Baris pertama (judul kolom) lebih dari %(limit)s karakter.",
}
