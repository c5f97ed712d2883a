"""Indonesian translations of the API's pages and messages (issue 18).

    scripts/update-messages $PWD/scripts/translations/api.py
"""

T = {
    "API": "API",
    "API token": "Token API",
    "API tokens": "Token API",
    "API documentation": "Dokumentasi API",
    "A token lets another system (BPJS, SIPD, a data portal) read the API as you: with your "
    "role and your regions.": "Token memungkinkan sistem lain (BPJS, SIPD, portal data) membaca "
    "API atas nama Anda: dengan peran dan wilayah Anda.",
    "Copy the token now: it is shown only once.": "Salin token sekarang: token hanya "
    "ditampilkan sekali.",
    "Send it as the header": "Kirim sebagai header",
    "New token": "Token baru",
    "Create token": "Buat token",
    "Starts with": "Diawali",
    "starts with": "diawali",
    "Expires": "Kedaluwarsa",
    "expires": "kedaluwarsa",
    "Last used": "Terakhir dipakai",
    "last used": "terakhir dipakai",
    "revoked": "dicabut",
    "expired": "kedaluwarsa",
    "Revoke": "Cabut",
    "No tokens yet.": "Belum ada token.",
    "What the token is for, e.g. the system that uses it.": "Untuk apa token ini, mis. sistem "
    "yang memakainya.",
    "Valid for (days)": "Berlaku (hari)",
    "Empty: until revoked.": "Kosong: sampai dicabut.",
    "For user": "Untuk pengguna",
    "User": "Pengguna",
    "myself": "saya sendiri",
    "The token “%(name)s” is revoked.": "Token “%(name)s” telah dicabut.",
    "This user is deactivated.": "Pengguna ini dinonaktifkan.",
    "Give the token a name.": "Beri nama token.",
    "Between 1 and %(max)d days.": "Antara 1 dan %(max)d hari.",
    "Give one token after Bearer.": "Berikan satu token setelah Bearer.",
    "Invalid token.": "Token tidak sah.",
    "Invalid, expired or revoked token.": "Token tidak sah, kedaluwarsa atau telah dicabut.",
}
