"""Indonesian translations of the plausibility warnings (issue 15, item 5: ×1000, fractions,
months after today, fiscal years, murni entered again as perubahan).

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/plausibility.py
"""

T = {
    "%(field)s %(value)s is %(ratio)s times the figure of %(when)s (%(other)s): check for "
    "three zeros too many (×1000).":
        "%(field)s %(value)s sama dengan %(ratio)s kali angka %(when)s (%(other)s): periksa "
        "apakah ada tiga nol berlebih (×1000).",
    "%(field)s %(value)s is only 1/%(ratio)s of the figure of %(when)s (%(other)s): check for "
    "three zeros too few (÷1000).":
        "%(field)s %(value)s hanya 1/%(ratio)s dari angka %(when)s (%(other)s): periksa apakah "
        "ada tiga nol yang kurang (÷1000).",
    "%(field)s %(year)s is outside %(first)s–%(last)s (last year to the year after next): "
    "check the year.":
        "%(field)s %(year)s di luar %(first)s–%(last)s (tahun lalu sampai dua tahun lagi): "
        "periksa tahunnya.",
    "%(field)s %(year)s is after %(last)s (the year after next): check the year.":
        "%(field)s %(year)s melewati %(last)s (dua tahun lagi): periksa tahunnya.",
    "%(month)s is after the current month (%(current)s): figures for a month that has not "
    "come yet.":
        "%(month)s lebih lambat dari bulan berjalan (%(current)s): angka untuk bulan yang belum "
        "tiba.",
    "%(field)s %(date)s is after today (%(today)s).":
        "%(field)s %(date)s lebih lambat dari hari ini (%(today)s).",
    "%(field)s %(value)s%% is below 1%%: did you mean %(meant)s%%? Write the percentage itself "
    "(45 for 45%%), not a fraction (0,45).":
        "%(field)s %(value)s%% di bawah 1%%: maksudnya %(meant)s%%? Tulis persennya (45 untuk "
        "45%%), bukan pecahan (0,45).",
    "The APBD murni and the APBD perubahan of %(year)s, %(source)s, have the same amount "
    "(%(amount)s) and workers (%(workers)s): it looks like the murni entered again as "
    "perubahan. The indicators add both stages, so this money would count twice "
    "(allocated: %(total)s).":
        "APBD murni dan APBD perubahan %(year)s, %(source)s, memiliki jumlah anggaran "
        "(%(amount)s) dan jumlah pekerja (%(workers)s) yang sama: tampaknya APBD murni "
        "dimasukkan lagi sebagai APBD perubahan. Indikator menjumlahkan kedua tahap, sehingga "
        "anggaran ini terhitung dua kali (dialokasikan: %(total)s).",
    "The APBD perubahan of %(year)s, %(source)s (%(p_amount)s, %(p_workers)s workers, "
    "%(p_months)s) covers every month of the APBD murni (%(m_amount)s, %(m_workers)s "
    "workers, %(m_months)s) for at least as many workers: it may be the total after the "
    "revision. The indicators add both stages (allocated: %(total)s); enter in the "
    "perubahan only what the revision adds.":
        "APBD perubahan %(year)s, %(source)s (%(p_amount)s, %(p_workers)s pekerja, "
        "%(p_months)s) mencakup semua bulan APBD murni (%(m_amount)s, %(m_workers)s pekerja, "
        "%(m_months)s) untuk pekerja yang sama banyak atau lebih: mungkin ini jumlah setelah "
        "perubahan. Indikator menjumlahkan kedua tahap (dialokasikan: %(total)s); isikan pada "
        "APBD perubahan hanya tambahannya.",
    "Budget amount": "Jumlah anggaran",
}
