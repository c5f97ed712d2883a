"""Indonesian translations of the beneficiary registry (issue 6).

    scripts/update-messages $PWD/scripts/translations/registry.py
"""

T = {
    "beneficiary list": "daftar penerima manfaat",
    "BPJS participant file": "berkas peserta BPJS",
    "deceased list": "daftar warga meninggal",
    "kind": "jenis",
    "column mapping": "pemetaan kolom",
    "stored file": "berkas tersimpan",
    "processed file": "berkas olahan",
    "summary": "ringkasan",
    "raw file deleted at": "berkas asli dihapus pada",
    "header": "tajuk kolom",
    "columns": "kolom",
    "uploaded file": "berkas unggahan",
    "uploaded files": "berkas unggahan",
    "queued": "dalam antrean",
    "running": "berjalan",
    "done": "selesai",
    "failed": "gagal",
    "cancelled": "dibatalkan",
    "list": "daftar",
    "participant file": "berkas peserta",
    "progress (%)": "kemajuan (%)",
    "stage": "tahap",
    "counts": "jumlah",
    "reasons": "alasan",
    "flags": "tanda",
    "inputs": "masukan",
    "duration (s)": "durasi (detik)",
    "current list of the region": "daftar terkini daerah",
    "error": "galat",
    "started at": "dimulai pada",
    "finished at": "selesai pada",
    "match run": "proses pencocokan",
    "match runs": "proses pencocokan",
    "submitted": "diajukan",
    "registered": "terdaftar",
    "active": "aktif",
    "lapsed": "nonaktif",
    "row in the list": "baris dalam daftar",
    "NIK": "NIK",
    "birth date": "tanggal lahir",
    "sex": "jenis kelamin",
    "village": "desa/kelurahan",
    "occupation": "pekerjaan",
    "category": "kategori",
    "DTSEN desil": "desil DTSEN",
    "first month covered": "bulan pertama dijamin",
    "last month paid": "bulan terakhir dibayar",
    "months paid": "bulan dibayar",
    "funded worker": "pekerja yang dibiayai",
    "funded workers": "pekerja yang dibiayai",
    "invalid": "tidak valid",
    "duplicate in the list": "ganda dalam daftar",
    "deceased": "meninggal",
    "already an active participant": "sudah peserta aktif",
    "funded or listed by another region": "dibiayai atau didaftar daerah lain",
    "eligible": "layak",
    "The NIK is empty.": "NIK kosong.",
    "The NIK is not 16 digits (after removing spaces, dots and dashes).":
        "NIK bukan 16 angka (setelah spasi, titik dan tanda hubung dihapus).",
    "The NIK's province and regency code (digits 1–4) is not in the national list of "
    "regencies.": "Kode provinsi dan kabupaten/kota pada NIK (angka 1–4) tidak ada dalam "
                  "daftar kabupaten/kota nasional.",
    "The NIK's district code (digits 5–6) does not exist in the province's region master.":
        "Kode kecamatan pada NIK (angka 5–6) tidak ada dalam master wilayah provinsi.",
    "The birth date in the NIK (digits 7–12, women +40 on the day) is not a real date.":
        "Tanggal lahir pada NIK (angka 7–12, perempuan +40 pada tanggal) bukan tanggal yang "
        "ada.",
    "The NIK's serial number (digits 13–16) is 0000.":
        "Nomor urut NIK (angka 13–16) adalah 0000.",
    "The name is empty.": "Nama kosong.",
    "The birth date is empty.": "Tanggal lahir kosong.",
    "The birth date is not a date (use YYYY-MM-DD).":
        "Tanggal lahir bukan tanggal (gunakan TTTT-BB-HH).",
    "The stated birth date differs from the one in the NIK.":
        "Tanggal lahir yang tertulis berbeda dengan yang ada pada NIK.",
    "The sex is empty.": "Jenis kelamin kosong.",
    "The sex is not L or P.": "Jenis kelamin bukan L atau P.",
    "The stated sex differs from the NIK (women have 40 added to the day).":
        "Jenis kelamin yang tertulis berbeda dengan NIK (perempuan: tanggal ditambah 40).",
    "The age on 1 January of the year is outside the working-age range.":
        "Umur pada 1 Januari tahun itu di luar rentang usia kerja.",
    "The DTSEN desil is not a whole number from 1 to 10.":
        "Desil DTSEN bukan bilangan bulat 1 sampai 10.",
    "The NIK was issued outside the province (flagged, not rejected: people move).":
        "NIK diterbitkan di luar provinsi (ditandai, tidak ditolak: penduduk berpindah).",
    "The NIK was issued in another regency of the province (flagged, not rejected).":
        "NIK diterbitkan di kabupaten/kota lain di provinsi ini (ditandai, tidak ditolak).",
    "The village or district code is not in the region master.":
        "Kode desa atau kecamatan tidak ada dalam master wilayah.",
    "rows in the list": "baris dalam daftar",
    "valid": "valid",
    "not duplicated": "tidak ganda",
    "alive": "masih hidup",
    "not yet a participant": "belum menjadi peserta",
    "not funded elsewhere": "tidak dibiayai daerah lain",
    "The workbook cannot be read: it may be damaged.":
        "Buku kerja tidak dapat dibaca: mungkin rusak.",
    "The workbook is empty.": "Buku kerja kosong.",
    "Row %(row)s, column “%(column)s”: the NIK is stored as a number, so Excel has already "
    "dropped its last digits. Format the column as Text, type the NIKs again (or export them "
    "as text) and upload again.":
        "Baris %(row)s, kolom “%(column)s”: NIK tersimpan sebagai angka, sehingga Excel sudah "
        "menghilangkan angka terakhirnya. Ubah format kolom menjadi Teks, ketik ulang NIK (atau "
        "ekspor sebagai teks), lalu unggah kembali.",
    "The file is larger than the limit.": "Berkas melebihi batas ukuran.",
    "Upload a CSV or an .xlsx file.": "Unggah berkas CSV atau .xlsx.",
    "The file has no header row.": "Berkas tidak memiliki baris tajuk kolom.",
    "The file %(name)s lacks the columns: %(columns)s.":
        "Berkas %(name)s tidak memiliki kolom: %(columns)s.",
    "Unknown column: %(columns)s.": "Kolom tidak dikenal: %(columns)s.",
    "A column of the file can be used for one field only.":
        "Satu kolom berkas hanya dapat dipakai untuk satu isian.",
    "Choose the column for: %(fields)s.": "Pilih kolom untuk: %(fields)s.",
    "Choose the columns of the file first.": "Pilih kolom-kolom berkas terlebih dahulu.",
    "The uploaded file has been deleted; upload it again.":
        "Berkas unggahan sudah dihapus; unggah kembali.",
    "Fund from the region's current, finished run.":
        "Biayai dari proses pencocokan terkini daerah yang sudah selesai.",
    "No tariff of the allocation's package is in force.":
        "Tidak ada tarif paket iuran alokasi ini yang berlaku.",
    "The allocation pays for no more workers.":
        "Alokasi ini tidak cukup lagi untuk pekerja tambahan.",
    "Name": "Nama",
    "Birth date": "Tanggal lahir",
    "Sex (L/P)": "Jenis kelamin (L/P)",
    "Village or district code": "Kode desa atau kecamatan",
    "Occupation": "Pekerjaan",
    "Category": "Kategori",
    "DTSEN desil": "Desil DTSEN",
    "Phone": "Telepon",
    "Source": "Sumber",
    "Status (aktif/nonaktif)": "Status (aktif/nonaktif)",
    "Segment": "Segmen",
    "Region code": "Kode wilayah",
    "Last month paid (YYYY-MM)": "Bulan terakhir dibayar (TTTT-BB)",
    "Date of death": "Tanggal meninggal",
    "Year": "Tahun",
    "Beneficiary list (CSV or .xlsx)": "Daftar penerima manfaat (CSV atau .xlsx)",
    "Deceased list (optional, CSV with a nik column)":
        "Daftar warga meninggal (opsional, CSV dengan kolom nik)",
    "BPJS participant file (CSV or .xlsx)": "Berkas peserta BPJS (CSV atau .xlsx)",
    "The deceased list needs a column named nik.":
        "Daftar warga meninggal memerlukan kolom bernama nik.",
    "The participant file is being processed: funded workers' statuses follow when it is done.":
        "Berkas peserta sedang diolah: status pekerja yang dibiayai diperbarui setelah selesai.",
    "Cancelling: the previous results stay as they are.":
        "Membatalkan: hasil sebelumnya tetap seperti semula.",
    "%(count)s workers chosen for %(allocation)s.":
        "%(count)s pekerja dipilih untuk %(allocation)s.",
    "Progress": "Kemajuan",
    "The run failed. The previous results are unchanged.":
        "Proses gagal. Hasil sebelumnya tidak berubah.",
    "Cancelled. The previous results are unchanged.":
        "Dibatalkan. Hasil sebelumnya tidak berubah.",
    "Beneficiary registry": "Registri penerima manfaat",
    "Registry": "Registri",
    "Funded workers": "Pekerja yang dibiayai",
    "Workers chosen for funding, and their status from the BPJS participant files: submitted "
    "→ registered → active, or lapsed when payments stop.":
        "Pekerja yang dipilih untuk dibiayai, dan statusnya menurut berkas peserta BPJS: "
        "diajukan → terdaftar → aktif, atau nonaktif bila pembayaran berhenti.",
    "Registration files for BPJS Ketenagakerjaan": "Berkas pendaftaran untuk BPJS Ketenagakerjaan",
    "registration file (CSV, full NIKs, recorded)":
        "berkas pendaftaran (CSV, NIK lengkap, tercatat)",
    "From": "Mulai",
    "Months paid": "Bulan dibayar",
    "Last month paid": "Bulan terakhir dibayar",
    "Allocation": "Alokasi",
    "Check worker lists before funding them: valid NIK, not listed twice, not deceased, not "
    "already an active BPJS participant, not funded by another region. NIKs are kept only as "
    "a keyed hash and encrypted; pages show them masked.":
        "Periksa daftar pekerja sebelum dibiayai: NIK valid, tidak tercatat ganda, tidak "
        "meninggal, belum menjadi peserta aktif BPJS, tidak dibiayai daerah lain. NIK hanya "
        "disimpan sebagai hash berkunci dan terenkripsi; halaman menampilkannya tersamar.",
    "Check a list": "Periksa daftar",
    "CSV with the header nik,name,birth_date,sex,village_code,occupation,category,desil,phone,"
    "source (dates YYYY-MM-DD, sex L/P) needs no mapping; other layouts are mapped once and "
    "remembered. Up to millions of rows.":
        "CSV dengan tajuk nik,name,birth_date,sex,village_code,occupation,category,desil,phone,"
        "source (tanggal TTTT-BB-HH, jenis kelamin L/P) tidak perlu dipetakan; susunan lain "
        "dipetakan sekali dan diingat. Hingga jutaan baris.",
    "Upload and check": "Unggah dan periksa",
    "Latest: %(name)s, %(rows)s rows, processed %(when)s.":
        "Terbaru: %(name)s, %(rows)s baris, diolah %(when)s.",
    "%(active)s active participants.": "%(active)s peserta aktif.",
    "None yet: lists are checked without the participant match until BPJS Ketenagakerjaan "
    "uploads one.":
        "Belum ada: daftar diperiksa tanpa pencocokan peserta sampai BPJS Ketenagakerjaan "
        "mengunggahnya.",
    "Header nik,status,segment,region_code,last_paid_month (status aktif/nonaktif, month "
    "YYYY-MM). The NIKs are hashed on arrival; the file itself is deleted once processed.":
        "Tajuk nik,status,segment,region_code,last_paid_month (status aktif/nonaktif, bulan "
        "TTTT-BB). NIK langsung di-hash saat tiba; berkasnya dihapus setelah diolah.",
    "Upload participant file": "Unggah berkas peserta",
    "Recent runs": "Proses terbaru",
    "List": "Daftar",
    "Rows": "Baris",
    "Eligible": "Layak",
    "By": "Oleh",
    "current": "terkini",
    "No runs yet.": "Belum ada proses.",
    "Columns of the file": "Kolom berkas",
    "Columns": "Kolom",
    "Which column is which?": "Kolom mana untuk apa?",
    "The columns of %(name)s are not the standard ones. Choose the file's column for each "
    "field; the choice is remembered for files with the same columns.":
        "Kolom %(name)s bukan kolom standar. Pilih kolom berkas untuk setiap isian; pilihan "
        "diingat untuk berkas dengan kolom yang sama.",
    "Save and check": "Simpan dan periksa",
    "Cancel": "Batal",
    "Row %(n)s": "Baris %(n)s",
    "Why": "Alasan",
    "Every check passed: the NIK is valid, the person appears once in the list, is not on the "
    "deceased list, is not an active BPJS participant and is not listed or funded by another "
    "region.":
        "Semua pemeriksaan lolos: NIK valid, orang ini tercatat sekali dalam daftar, tidak ada "
        "dalam daftar warga meninggal, bukan peserta aktif BPJS, dan tidak didaftar atau "
        "dibiayai daerah lain.",
    "The same NIK is already on <a href=\"%(url)s\">row %(n)s</a> of this list; only the first "
    "is kept.":
        "NIK yang sama sudah ada pada <a href=\"%(url)s\">baris %(n)s</a> daftar ini; hanya "
        "yang pertama dipakai.",
    "The NIK is on the deceased list given with this run.":
        "NIK ada dalam daftar warga meninggal yang disertakan pada proses ini.",
    "The NIK is an active participant in the latest BPJS Ketenagakerjaan participant file: "
    "already covered.":
        "NIK adalah peserta aktif menurut berkas peserta BPJS Ketenagakerjaan terbaru: sudah "
        "terlindungi.",
    "The NIK is in the BPJS participant file but not active (it may be funded to start again).":
        "NIK ada dalam berkas peserta BPJS tetapi tidak aktif (dapat dibiayai agar aktif "
        "kembali).",
    "The same NIK is on the current list of, or funded by, region %(code)s: one person is "
    "funded once.":
        "NIK yang sama ada dalam daftar terkini, atau dibiayai oleh, wilayah %(code)s: satu "
        "orang dibiayai satu kali.",
    "Flagged, not rejected": "Ditandai, tidak ditolak",
    "The row": "Isi baris",
    "Show the full NIK (recorded)": "Tampilkan NIK lengkap (tercatat)",
    "hidden": "disembunyikan",
    "Sex": "Jenis kelamin",
    "Village": "Desa/kelurahan",
    "Run": "Proses",
    "by %(who)s on %(when)s": "oleh %(who)s pada %(when)s",
    "%(s)s s": "%(s)s detik",
    "Cancel the run": "Batalkan proses",
    "Funnel": "Corong",
    "From every row of the list to the eligible workers; the same figures are in the table "
    "beside it.":
        "Dari semua baris daftar sampai pekerja yang layak; angka yang sama ada pada tabel di "
        "sampingnya.",
    "Outcomes": "Hasil",
    "Why rows are invalid": "Mengapa baris tidak valid",
    "List SHA-256 %(sha)s": "SHA-256 daftar %(sha)s",
    "participant file %(sha)s": "berkas peserta %(sha)s",
    "Fund eligible workers": "Biayai pekerja yang layak",
    "Chooses eligible workers by priority (DTSEN desil ascending, then category, then the "
    "list's order), as many as the allocation pays for at its tariff, skipping anyone funded "
    "already.":
        "Memilih pekerja yang layak menurut prioritas (desil DTSEN dari terendah, lalu "
        "kategori, lalu urutan daftar), sebanyak yang dapat dibayar alokasi dengan tarifnya, "
        "dan melewati yang sudah dibiayai.",
    "%(n)s chosen from this run so far.": "%(n)s dipilih dari proses ini sejauh ini.",
    "Choose workers": "Pilih pekerja",
    "Outcome": "Hasil",
    "Reason": "Alasan",
    "Flag": "Tanda",
    "Row": "Baris",
    "Desil": "Desil",
    "as row %(n)s": "sama dengan baris %(n)s",
    "explain": "penjelasan",
    "uploaded at": "diunggah pada",
    "processed at": "diolah pada",
    "file name": "nama berkas",
    "size (bytes)": "ukuran (bita)",
}

PLURALS = {}

T.update({
    "reading the file": "membaca berkas",
    "checking NIKs and fields": "memeriksa NIK dan isian",
    "finding duplicates": "mencari data ganda",
    "matching participants and other lists": "mencocokkan peserta dan daftar lain",
    "encrypting NIKs": "mengenkripsi NIK",
    "storing the results": "menyimpan hasil",
})
T.update({"A first guess from the column names is filled in: check it.":
          "Tebakan awal dari nama kolom sudah diisikan: periksalah."})
