"""Indonesian translations of the API's own messages (errors, 409/413/422 bodies, parameters)
and of its commitment-document endpoint (issue 18).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/api_messages.py
"""

T = {
    # ucj/api/errors.py
    "Not found, or outside your regions.": "Tidak ditemukan, atau di luar wilayah Anda.",
    "The body is not a valid multipart form (multipart/form-data).":
        "Isi permintaan bukan formulir multipart yang sah (multipart/form-data).",
    "The body is not valid JSON (line %(line)s, column %(column)s).":
        "Isi permintaan bukan JSON yang sah (baris %(line)s, kolom %(column)s).",
    "The body is not valid JSON.": "Isi permintaan bukan JSON yang sah.",
    "Your role may not do this.": "Peran Anda tidak boleh melakukan ini.",
    "The body is larger than the limit of %(limit)s MB.":
        "Isi permintaan lebih besar dari batas %(limit)s MB.",
    "The body has too many fields or files.": "Isi permintaan memuat terlalu banyak isian "
    "atau berkas.",
    "Not signed in: send your API token as the header “Authorization: Bearer ucj_…”.":
        "Belum masuk: kirim token API Anda sebagai header “Authorization: Bearer ucj_…”.",
    "The method %(method)s is not allowed at this address.":
        "Metode %(method)s tidak diizinkan pada alamat ini.",
    "This address answers only %(types)s: change the Accept header.":
        "Alamat ini hanya menjawab %(types)s: ubah header Accept.",
    "The body's type “%(type)s” is not accepted here: send %(accepted)s.":
        "Jenis isi “%(type)s” tidak diterima di sini: kirim %(accepted)s.",
    "Too many requests with this token: try again later.":
        "Terlalu banyak permintaan dengan token ini: coba lagi nanti.",
    # ucj/api/writes.py
    "This Idempotency-Key was used with another request; use a new key for a new request.":
        "Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru untuk "
        "permintaan baru.",
    "The body must be a JSON object.": "Isi permintaan harus berupa objek JSON.",
    "Unknown field “%(field)s”.": "Isian “%(field)s” tidak dikenal.",
    "“%(field)s” takes a single value, not a list or an object.":
        "“%(field)s” menerima satu nilai, bukan daftar atau objek.",
    "The values look implausible: check the warnings and send again with "
    "\"confirm_warnings\": true.":
        "Nilai-nilai ini tampak tidak wajar: periksa peringatannya lalu kirim lagi dengan "
        "\"confirm_warnings\": true.",
    "The Idempotency-Key header must have 1 to 255 characters.":
        "Header Idempotency-Key harus terdiri dari 1 sampai 255 karakter.",
    # ucj/api/params.py, ucj/api/views.py, ucj/api/pagination.py
    "Parameter “%(name)s”: a whole number.": "Parameter “%(name)s”: harus bilangan bulat.",
    "Parameter “%(name)s”: between %(low)s and %(high)s.":
        "Parameter “%(name)s”: harus antara %(low)s dan %(high)s.",
    "Parameter “%(name)s”: true or false.": "Parameter “%(name)s”: harus true atau false.",
    "Parameter “%(name)s”: one of %(choices)s.":
        "Parameter “%(name)s”: harus salah satu dari %(choices)s.",
    "Parameter “%(name)s”: of the form %(pattern)s.":
        "Parameter “%(name)s”: harus berbentuk %(pattern)s.",
    "Parameter “period”: a month (YYYY-MM) or a year (YYYY).":
        "Parameter “period”: harus bulan (YYYY-MM) atau tahun (YYYY).",
    "There is no page {page_number}.": "Halaman {page_number} tidak ada.",
    # ucj/api/documents.py
    "The signed document (field “file”) may be at most %(limit)s MB.":
        "Dokumen yang ditandatangani (isian “file”) paling besar %(limit)s MB.",
    "The commitment %(commitment)s has no signed document yet.":
        "Komitmen %(commitment)s belum memiliki dokumen yang ditandatangani.",
    "Your role may not change the documents of commitments.":
        "Peran Anda tidak boleh mengubah dokumen komitmen.",
    "Send the signed document as a PDF in the multipart field “file”.":
        "Kirim dokumen yang ditandatangani sebagai PDF pada isian multipart “file”.",
}

PLURALS = {
    "Too many requests with this token: try again in %(wait)d second.":
        "Terlalu banyak permintaan dengan token ini: coba lagi dalam %(wait)d detik.",
}
