"""Indonesian translations of sign-in throttling, self-approval and the sealed audit log
(issue 14, parts 4 and 6).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/signin_audit.py

Terms: sign in = masuk, failed sign-in = gagal masuk, address = alamat (jaringan),
locked = dikunci, audit log = log audit, seal = segel, digest = sidik.
"""

T = {
    # sign-in: the form and the lockout page
    "Too many failed sign-ins for this username. Wait %(seconds)s seconds, then try again.":
        "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini. Tunggu %(seconds)s "
        "detik, lalu coba lagi.",
    "Try again after %(time)s.": "Coba lagi setelah pukul %(time)s.",
    "If you forgot your password, ask the province administrator to set a new one.":
        "Jika Anda lupa kata sandi, minta administrator provinsi membuatkan kata sandi baru.",
    # sign-in: why a failure is in the audit log
    "Refused without checking the password: this username must wait %(seconds)s seconds after "
    "repeated failures.":
        "Ditolak tanpa memeriksa kata sandi: nama pengguna ini harus menunggu %(seconds)s detik "
        "setelah berulang kali gagal.",
    "Refused without checking the password: this address is locked.":
        "Ditolak tanpa memeriksa kata sandi: alamat ini sedang dikunci.",
    "Refused without checking the password: this username is locked at this address.":
        "Ditolak tanpa memeriksa kata sandi: nama pengguna ini sedang dikunci di alamat ini.",
    "Wrong username or password.": "Nama pengguna atau kata sandi salah.",
    "This address is now locked for %(minutes)s minutes.":
        "Alamat ini sekarang dikunci selama %(minutes)s menit.",
    "This username is now locked at this address for %(minutes)s minutes.":
        "Nama pengguna ini sekarang dikunci di alamat ini selama %(minutes)s menit.",
    # the audit event's address
    "client address": "alamat klien",
    "Where a sign-in (or a failed one) came from.":
        "Asal percobaan masuk (berhasil atau gagal).",
}

PLURALS = {
    "Too many failed sign-ins came from your network address. For everyone's security, "
    "sign-ins from this address are paused for %(minutes)s minute.":
        "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan Anda. Demi keamanan "
        "semua pengguna, percobaan masuk dari alamat ini dihentikan selama %(minutes)s menit.",
    "For your security this username is locked on this device for %(minutes)s minute. "
    "Signing in from elsewhere still works.":
        "Demi keamanan, nama pengguna ini dikunci di perangkat ini selama %(minutes)s menit. "
        "Masuk dari tempat lain tetap dapat dilakukan.",
}

T.update({
    # approving one's own figures
    "%(what)s: you changed some of these figures last, so another province administrator "
    "approves them (%(others)s).":
        "%(what)s: sebagian angka ini terakhir Anda ubah sendiri, jadi admin provinsi lain yang "
        "menyetujuinya (%(others)s).",
    "Self-approval: the approver changed some of these figures last and is the only active "
    "province administrator who may approve them.":
        "Persetujuan sendiri: penyetuju terakhir mengubah sebagian angka ini dan merupakan "
        "satu-satunya admin provinsi aktif yang berwenang menyetujuinya.",
    "Self-approval": "Persetujuan sendiri",
    "approved by the one who changed the figures last":
        "disetujui oleh pengubah terakhir angka ini",
    "You changed some of these figures last and you are the only active province "
    "administrator who may approve them: the approval is recorded as a self-approval, with "
    "this reason, in the audit log and on this page.":
        "Sebagian angka ini terakhir Anda ubah sendiri dan Anda satu-satunya admin provinsi "
        "aktif yang berwenang menyetujuinya: persetujuan ini dicatat sebagai persetujuan sendiri, "
        "beserta alasannya, di log audit dan di halaman ini.",
    "You changed some of these figures last: another province administrator approves them "
    "(%(others)s).":
        "Sebagian angka ini terakhir Anda ubah sendiri: admin provinsi lain yang menyetujuinya "
        "(%(others)s).",
})

T.update({
    # the audit page: the daily seal
    "Daily seal": "Segel harian",
    "Last sealed day: <strong>%(day)s</strong>, %(n)s events. Its digest covers every event of "
    "that day and of all days before it:":
        "Hari terakhir yang disegel: <strong>%(day)s</strong>, %(n)s peristiwa. Sidiknya "
        "mencakup setiap peristiwa pada hari itu dan semua hari sebelumnya:",
    "Write it down, or compare it with the one an inspector received: manage.py audit_verify "
    "recomputes every sealed day from the events and names the first day that no longer "
    "matches.":
        "Catat sidik ini, atau bandingkan dengan sidik yang diterima pemeriksa: manage.py "
        "audit_verify menghitung ulang setiap hari yang disegel dari peristiwanya dan menyebut "
        "hari pertama yang tidak lagi cocok.",
    "No day is sealed yet. Each day is sealed after it ends (manage.py audit_seal; the "
    "background worker does it).":
        "Belum ada hari yang disegel. Setiap hari disegel setelah berakhir (manage.py "
        "audit_seal; proses latar belakang menjalankannya).",
    # the seal model
    "day": "hari",
    "first event": "peristiwa pertama",
    "last event": "peristiwa terakhir",
    "events": "peristiwa",
    "digest": "sidik",
    "previous digest": "sidik sebelumnya",
    "sealed at": "disegel pada",
    "audit seal": "segel audit",
    "audit seals": "segel audit",
})
