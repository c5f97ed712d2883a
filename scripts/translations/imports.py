"""Indonesian translations of the spreadsheet import (issue 3).

    scripts/update-messages $PWD/scripts/translations/imports.py
"""

T = {
    "imported": "diimpor",
    "uploaded": "diunggah",
    "last import": "impor terakhir",
    "The spreadsheet import that last created or changed this record.":
        "Impor lembar kerja yang terakhir membuat atau mengubah data ini.",
    # cells
    "the text is longer than %(n)s characters.": "teks lebih dari %(n)s karakter.",
    "not a whole number.": "bukan bilangan bulat.",
    "has decimals; a whole number is needed.": "ada desimal; perlu bilangan bulat.",
    "is a date; a whole number is needed.": "berisi tanggal; perlu bilangan bulat.",
    "not a whole number (write e.g. 1.234.567).":
        "bukan bilangan bulat (tulis mis. 1.234.567).",
    "cannot be negative.": "tidak boleh negatif.",
    "must be at least %(min)s.": "paling sedikit %(min)s.",
    "must be at most %(max)s.": "paling banyak %(max)s.",
    "not a year between 2000 and 2100.": "bukan tahun antara 2000 dan 2100.",
    "not a month (write e.g. 2025-06).": "bukan bulan (tulis mis. 2025-06).",
    "this date does not exist.": "tanggal ini tidak ada.",
    "not a date (write e.g. 2025-07-25 or 25/07/2025).":
        "bukan tanggal (tulis mis. 2025-07-25 atau 25/07/2025).",
    "not a percentage.": "bukan persentase.",
    "not a percentage (write e.g. 62,22).": "bukan persentase (tulis mis. 62,22).",
    "looks like a fraction; write the percentage itself, e.g. 62,22 for 62,22%.":
        "tampaknya pecahan; tulis angka persennya, mis. 62,22 untuk 62,22%.",
    "a percentage lies between 0 and 100.": "persentase harus antara 0 dan 100.",
    "use at most two decimals.": "paling banyak dua angka desimal.",
    "not a Kemendagri region code (write e.g. 52.03).":
        "bukan kode wilayah Kemendagri (tulis mis. 52.03).",
    "not one of: %(options)s.": "bukan salah satu dari: %(options)s.",
    # rows and headers
    "Row %(row)s, column %(letter)s “%(column)s” (value “%(value)s”): %(reason)s":
        "Baris %(row)s, kolom %(letter)s “%(column)s” (nilai “%(value)s”): %(reason)s",
    "Row %(row)s: %(reason)s": "Baris %(row)s: %(reason)s",
    "The file holds no data: the sheet is empty.": "Berkas tidak berisi data: lembarnya kosong.",
    "The column headers are in row %(row)s, not in row 1. Delete the rows above the headers "
    "(or use the template unchanged) and upload again.":
        "Judul kolom ada di baris %(row)s, bukan di baris 1. Hapus baris di atas judul (atau "
        "pakai templat tanpa diubah) lalu unggah lagi.",
    "Row 1 does not hold the column headers of the template (e.g. “%(example)s”). Use the "
    "template of this dataset, or put its column headers in row 1.":
        "Baris 1 tidak berisi judul kolom templat (mis. “%(example)s”). Pakai templat data ini, "
        "atau tulis judul kolomnya di baris 1.",
    "The column headers start in column %(letter)s instead of column A: the columns have "
    "shifted. Delete the empty columns before them and upload again.":
        "Judul kolom mulai di kolom %(letter)s, bukan kolom A: kolomnya bergeser. Hapus kolom "
        "kosong di depannya lalu unggah lagi.",
    "Column %(letter)s has the header “%(header)s”, which this dataset does not have. Known "
    "columns: %(known)s.":
        "Kolom %(letter)s berjudul “%(header)s”, yang tidak ada pada data ini. Kolom yang "
        "dikenal: %(known)s.",
    "The column “%(header)s” appears twice (columns %(first)s and %(second)s).":
        "Kolom “%(header)s” muncul dua kali (kolom %(first)s dan %(second)s).",
    "Required columns are missing from row 1: %(columns)s.":
        "Kolom wajib tidak ada di baris 1: %(columns)s.",
    "not a contribution package; use one of: %(codes)s.":
        "bukan paket iuran; pakai salah satu dari: %(codes)s.",
    "must be filled in.": "wajib diisi.",
    "no region has this Kemendagri code.": "tidak ada wilayah dengan kode Kemendagri ini.",
    "this dataset is kept per %(levels)s, and this code is a %(level)s.":
        "data ini dicatat per %(levels)s, sedangkan kode ini adalah %(level)s.",
    "%(region)s is outside the regions you may enter data for.":
        "%(region)s di luar wilayah yang boleh Anda isi.",
    "the same record appears twice in the file (also in row %(row)s).":
        "data yang sama muncul dua kali dalam berkas (juga di baris %(row)s).",
    "there is no allocation of %(region)s for fiscal year %(year)s, %(stage)s, %(source)s. "
    "Enter the allocation first.":
        "belum ada alokasi %(region)s untuk tahun anggaran %(year)s, %(stage)s, %(source)s. "
        "Isi alokasinya dulu.",
    "the figures of %(region)s for %(period)s are %(state)s and locked; ask the province to "
    "return or reopen them.":
        "angka %(region)s untuk %(period)s sudah %(state)s dan terkunci; minta provinsi "
        "mengembalikan atau membukanya kembali.",
    "The file has errors; nothing was written.": "Berkas mengandung kesalahan; tidak ada yang disimpan.",
    "Import of “%(file)s” (import %(job)s)": "Impor “%(file)s” (impor %(job)s)",
    # jobs
    "has errors": "ada kesalahan",
    "ready to apply": "siap diterapkan",
    "applied": "diterapkan",
    "discarded": "dibatalkan",
    "uploaded by": "diunggah oleh",
    "file name": "nama berkas",
    "format": "format",
    "SHA-256": "SHA-256",
    "size (bytes)": "ukuran (byte)",
    "rows": "baris",
    "new": "baru",
    "unchanged": "tetap",
    "rows with errors": "baris dengan kesalahan",
    "rows with warnings": "baris dengan peringatan",
    "processing time (s)": "waktu proses (detik)",
    "import": "impor",
    "imports": "impor",
    # reading files
    "The file is empty.": "Berkas kosong.",
    "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.":
        "Berkas berukuran %(size)s MB; batasnya %(limit)s MB. Pecah menjadi beberapa berkas.",
    "The workbook is protected with a password (encrypted). Remove the password in Excel "
    "(File › Info › Protect Workbook) and upload it again.":
        "Buku kerja dilindungi kata sandi (terenkripsi). Hapus kata sandinya di Excel (File › "
        "Info › Protect Workbook) lalu unggah lagi.",
    "This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook (.xlsx) and upload "
    "it again.":
        "Ini berkas Excel 97–2003 (.xls) lama. Simpan sebagai buku kerja Excel (.xlsx) lalu "
        "unggah lagi.",
    "The file is damaged and cannot be opened as a workbook.":
        "Berkas rusak dan tidak dapat dibuka sebagai buku kerja.",
    "This is an OpenDocument (.ods) spreadsheet. Save it as an Excel workbook (.xlsx) or as CSV "
    "and upload it again.":
        "Ini lembar kerja OpenDocument (.ods). Simpan sebagai buku kerja Excel (.xlsx) atau CSV "
        "lalu unggah lagi.",
    "This is not a spreadsheet (it looks like a Word or other Office document). Upload the "
    ".xlsx template or a CSV file.":
        "Ini bukan lembar kerja (tampaknya dokumen Word atau Office lain). Unggah templat .xlsx "
        "atau berkas CSV.",
    "This is a PDF document, not a spreadsheet. Upload the .xlsx template or a CSV file.":
        "Ini dokumen PDF, bukan lembar kerja. Unggah templat .xlsx atau berkas CSV.",
    "The file type is not supported. Upload the .xlsx template or a CSV file.":
        "Jenis berkas tidak didukung. Unggah templat .xlsx atau berkas CSV.",
    "The file cannot be read as text: it is neither UTF-8 nor Windows-1252. Save it as CSV "
    "UTF-8 or as an Excel workbook (.xlsx) and upload it again.":
        "Berkas tidak dapat dibaca sebagai teks: bukan UTF-8 maupun Windows-1252. Simpan "
        "sebagai CSV UTF-8 atau buku kerja Excel (.xlsx) lalu unggah lagi.",
    "The workbook has no sheets.": "Buku kerja tidak memiliki lembar.",
    "The workbook has several sheets (%(sheets)s) and none is called “Data”. Put the figures in "
    "one sheet named “Data”.":
        "Buku kerja memiliki beberapa lembar (%(sheets)s) dan tidak ada yang bernama “Data”. "
        "Letakkan angka dalam satu lembar bernama “Data”.",
    "The workbook has extra sheets (%(sheets)s). UCJ Monitor reads only the sheet “Data”: "
    "delete the other sheets or upload them as separate files.":
        "Buku kerja memiliki lembar tambahan (%(sheets)s). UCJ Monitor hanya membaca lembar "
        "“Data”: hapus lembar lain atau unggah sebagai berkas terpisah.",
    "The sheet “%(sheet)s” contains formulas (e.g. in %(cells)s). UCJ Monitor reads values "
    "only: copy the cells and paste them as values (Paste Special › Values), then upload again.":
        "Lembar “%(sheet)s” berisi rumus (mis. di %(cells)s). UCJ Monitor hanya membaca nilai: "
        "salin sel lalu tempel sebagai nilai (Paste Special › Values), kemudian unggah lagi.",
    "The workbook cannot be read: it may be damaged.":
        "Buku kerja tidak dapat dibaca: mungkin rusak.",
    "The sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them so that every value "
    "stands in its own cell, then upload again.":
        "Lembar “%(sheet)s” memiliki sel gabungan (%(ranges)s). Pisahkan agar setiap nilai ada "
        "di selnya sendiri, lalu unggah lagi.",
    # services and pages
    "Unknown dataset “%(dataset)s”.": "Jenis data “%(dataset)s” tidak dikenal.",
    "%(rows)s rows: %(created)s new, %(changed)s changed, %(unchanged)s unchanged, "
    "%(invalid)s with errors.":
        "%(rows)s baris: %(created)s baru, %(changed)s berubah, %(unchanged)s tetap, "
        "%(invalid)s dengan kesalahan.",
    "The uploaded file is no longer kept; upload it again.":
        "Berkas yang diunggah tidak disimpan lagi; unggah ulang.",
    "This import cannot be applied: it is %(status)s.":
        "Impor ini tidak dapat diterapkan: statusnya %(status)s.",
    "The data changed since the preview (someone else entered or approved figures, or the "
    "file has errors now). Check the new preview, then apply again.":
        "Data berubah sejak pratinjau (ada yang mengisi atau menyetujui angka, atau berkas kini "
        "mengandung kesalahan). Periksa pratinjau baru, lalu terapkan lagi.",
    "This import cannot be discarded: it is %(status)s.":
        "Impor ini tidak dapat dibatalkan: statusnya %(status)s.",
    "File (.xlsx or .csv)": "Berkas (.xlsx atau .csv)",
    "Choose a period: a month such as 2025-06 or a year such as 2025.":
        "Pilih periode: bulan seperti 2025-06 atau tahun seperti 2025.",
    "Some values look implausible. Check the warnings below and tick the confirmation to apply.":
        "Beberapa nilai tampak tidak wajar. Periksa peringatan di bawah dan centang konfirmasi "
        "untuk menerapkan.",
    "Applied: %(summary)s": "Diterapkan: %(summary)s",
    "The upload was discarded; nothing was written.":
        "Unggahan dibatalkan; tidak ada yang disimpan.",
    "Import": "Impor",
    "checked in %(s)s s": "diperiksa dalam %(s)s detik",
    "File with the errors marked": "Berkas dengan kesalahan ditandai",
    "Upload another file": "Unggah berkas lain",
    "Rows read": "Baris dibaca",
    "Changed": "Berubah",
    "Unchanged": "Tetap",
    "Rows with errors": "Baris dengan kesalahan",
    "The file has errors. Nothing was saved.": "Berkas mengandung kesalahan. Tidak ada yang disimpan.",
    "Correct them in your file (the downloadable copy marks each one in red) and upload it "
    "again.":
        "Perbaiki di berkas Anda (salinan yang dapat diunduh menandai setiap kesalahan dengan "
        "warna merah) lalu unggah lagi.",
    "Correct the file and upload it again.": "Perbaiki berkas lalu unggah lagi.",
    "Column": "Kolom",
    "Value": "Nilai",
    "Problem": "Masalah",
    "The first %(shown)s are shown; the downloadable file marks all of them.":
        "Ditampilkan %(shown)s yang pertama; berkas unduhan menandai semuanya.",
    "Preview: nothing has been saved yet": "Pratinjau: belum ada yang disimpan",
    "Applying creates %(c)s records and changes %(u)s; %(n)s stay as they are. All rows are "
    "written together, or none.":
        "Jika diterapkan: %(c)s data baru dan %(u)s data berubah; %(n)s tetap. Semua baris "
        "disimpan bersama, atau tidak sama sekali.",
    "The file holds the figures already entered: applying changes nothing.":
        "Berkas berisi angka yang sudah ada: menerapkannya tidak mengubah apa pun.",
    "Please check these values.": "Mohon periksa nilai-nilai ini.",
    "Confirm and apply": "Konfirmasi dan terapkan",
    "Apply": "Terapkan",
    "Discard this upload": "Batalkan unggahan ini",
    "Record": "Data",
    "Now": "Sekarang",
    "From the file": "Dari berkas",
    "The first %(shown)s are shown.": "Ditampilkan %(shown)s yang pertama.",
    "Values": "Nilai",
    "Import from a spreadsheet": "Impor dari lembar kerja",
    "Download the template of a dataset, fill it in Excel or LibreOffice, and upload it. You "
    "will see what would be created and changed before anything is saved; if one row has an "
    "error, nothing is saved.":
        "Unduh templat sebuah jenis data, isi di Excel atau LibreOffice, lalu unggah. Anda akan "
        "melihat apa yang akan dibuat dan diubah sebelum disimpan; jika satu baris salah, tidak "
        "ada yang disimpan.",
    "1. Download a template": "1. Unduh templat",
    "The template holds your regions, the chosen period and the figures already entered.":
        "Templat berisi wilayah Anda, periode yang dipilih, dan angka yang sudah diisi.",
    "Template (.xlsx)": "Templat (.xlsx)",
    "2. Upload the filled file": "2. Unggah berkas yang sudah diisi",
    "Accepted: the .xlsx template, or a CSV file with the same column headers (comma or "
    "semicolon). Numbers may be written 1.234.567 or Rp 1.234.567; region codes 52.03 or 5203.":
        "Diterima: templat .xlsx, atau berkas CSV dengan judul kolom yang sama (pemisah koma "
        "atau titik koma). Angka boleh ditulis 1.234.567 atau Rp 1.234.567; kode wilayah 52.03 "
        "atau 5203.",
    "Upload and check": "Unggah dan periksa",
    "Recent imports": "Impor terakhir",
    "Uploaded": "Diunggah",
    "File": "Berkas",
    "By": "Oleh",
    "Rows": "Baris",
    "Errors": "Kesalahan",
    "No imports yet.": "Belum ada impor.",
    "Imported from": "Diimpor dari",
    # home page approval labels
    "participation approved for %(n)s of %(total)s regions":
        "kepesertaan disetujui untuk %(n)s dari %(total)s daerah",
    "allocations approved for %(n)s of %(total)s regions":
        "alokasi disetujui untuk %(n)s dari %(total)s daerah",
    "not yet approved": "belum disetujui",
    "Approval": "Persetujuan",
    "Coverage = active participants ÷ workforce potential (the province figure is the sum of "
    "participants over the sum of workforce potential). Sources: BPJS Ketenagakerjaan "
    "participation and the workforce denominators entered in UCJ Monitor. Figures not yet "
    "approved by the province are included and labelled.":
        "Cakupan = peserta aktif ÷ potensi tenaga kerja (angka provinsi adalah jumlah peserta "
        "dibagi jumlah potensi tenaga kerja). Sumber: kepesertaan BPJS Ketenagakerjaan dan "
        "potensi tenaga kerja yang diisi di UCJ Monitor. Angka yang belum disetujui provinsi "
        "tetap ditampilkan dan diberi label.",
    "Next: submit for verification": "Berikutnya: kirim untuk verifikasi",
    "When the figures of a period are complete, submit them to the province. Until then they "
    "are drafts, shown everywhere as “not approved”.":
        "Jika angka suatu periode sudah lengkap, kirimkan ke provinsi. Sampai saat itu angkanya "
        "berstatus draf dan ditampilkan di mana pun sebagai “belum disetujui”.",
}

PLURALS = {
    "%(n)s template row left empty": "%(n)s baris templat dibiarkan kosong",
    "%(n)s row with warnings": "%(n)s baris dengan peringatan",
    "%(n)s error": "%(n)s kesalahan",
    "%(n)s record changes": "%(n)s data berubah",
    "%(n)s new record": "%(n)s data baru",
}
