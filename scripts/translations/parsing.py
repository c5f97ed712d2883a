"""Indonesian translations of reading files exactly (issue 15: strict CSV, sheet facts).

    scripts/update-messages scripts/translations/parsing.py
"""

T = {
    "This file is saved as “Unicode Text” (UTF-16). Save it as CSV UTF-8 (comma or semicolon "
    "delimited) or as an Excel workbook (.xlsx) and upload it again.":
        "Berkas ini disimpan sebagai “Unicode Text” (UTF-16). Simpan sebagai CSV UTF-8 (dipisah "
        "koma atau titik koma) atau sebagai buku kerja Excel (.xlsx), lalu unggah lagi.",
    "Line %(line)s is not in the encoding of the rest of the file (it mixes UTF-8 and "
    "Windows-1252). Save the file again as CSV UTF-8 and upload it again.":
        "Baris %(line)s tidak memakai pengodean yang sama dengan bagian lain berkas (campuran "
        "UTF-8 dan Windows-1252). Simpan lagi berkas sebagai CSV UTF-8, lalu unggah lagi.",
    "Rows with another number of columns than the header (%(width)s): %(rows)s. A delimiter is "
    "missing or one too many (e.g. a decimal comma in a comma-separated file); put such values "
    "in quotation marks or use the .xlsx template.":
        "Ada baris dengan jumlah kolom yang berbeda dari baris judul kolom (%(width)s): "
        "%(rows)s. Ada pemisah yang hilang atau berlebih (mis. koma desimal dalam berkas yang "
        "dipisah koma); apit nilai seperti itu dengan tanda kutip atau gunakan templat .xlsx.",
    "row %(row)s has %(count)s": "baris %(row)s berisi %(count)s",
    "Line %(line)s holds a NUL byte: this is not a CSV text file. Save the file again as CSV "
    "UTF-8 and upload it again.":
        "Baris %(line)s berisi bita NUL: ini bukan berkas teks CSV. Simpan lagi berkas sebagai "
        "CSV UTF-8, lalu unggah lagi.",
    "Row %(row)s: a quotation mark (\") opens a cell that runs on over several lines (to line "
    "%(last)s) and takes in what looks like other rows. Check the quotation marks of that row "
    "and upload again.":
        "Baris %(row)s: tanda kutip (\") membuka sel yang berlanjut ke beberapa baris (sampai "
        "baris %(last)s) dan menelan isi yang tampaknya baris lain. Periksa tanda kutip pada "
        "baris itu, lalu unggah lagi.",
    "Row %(row)s: a quotation mark (\") does not close where the cell ends. Remove the stray "
    "quotation mark, or put the whole cell in quotation marks, and upload again.":
        "Baris %(row)s: tanda kutip (\") tidak ditutup di akhir sel. Hapus tanda kutip yang "
        "nyasar itu, atau apit seluruh sel dengan tanda kutip, lalu unggah lagi.",
    "the region name “%(name)s” is not that of code %(code)s (%(region)s); the row is entered "
    "for %(region)s. Check the code.":
        "nama wilayah “%(name)s” bukan nama wilayah berkode %(code)s (%(region)s); baris ini "
        "dicatat untuk %(region)s. Periksa kodenya.",
    "row %(row)s is hidden in the spreadsheet; check that it belongs in the file.":
        "baris %(row)s disembunyikan di lembar kerja; pastikan baris itu memang termasuk data.",
    "column %(letter)s (“%(label)s”) is hidden in the spreadsheet; check its value.":
        "kolom %(letter)s (“%(label)s”) disembunyikan di lembar kerja; periksa nilainya.",
}
