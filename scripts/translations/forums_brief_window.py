"""Indonesian translations of the brief's progress window and of a meeting held today
(issue 15, item 7).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/forums_brief_window.py
"""

T = {
    "Recorded from %(since)s, %(since_time)s (the start of the previous meeting) up to "
    "%(until)s, %(until_time)s (the start of this meeting).":
        "Dicatat sejak %(since)s, %(since_time)s (awal rapat sebelumnya) sampai %(until)s, "
        "%(until_time)s (awal rapat ini).",
    "Recorded up to %(until)s, %(until_time)s (the start of this meeting).":
        "Dicatat sampai %(until)s, %(until_time)s (awal rapat ini).",
    "A meeting without a start time starts at 00.00 of its day. What is recorded from the "
    "start of a meeting goes to the next meeting's brief, so no entry is counted in two "
    "briefs.":
        "Rapat tanpa jam mulai dianggap mulai pukul 00.00 pada harinya. Yang dicatat sejak "
        "rapat dimulai masuk ke bahan rapat berikutnya, sehingga tidak ada catatan yang "
        "terhitung di dua bahan rapat.",
    "Completed in the same period as the progress above.":
        "Diselesaikan dalam periode yang sama dengan kemajuan di atas.",
}

PLURALS = {
    "%(n)s entry recorded since this meeting started is counted in the next meeting's brief.":
        "%(n)s catatan yang dibuat sejak rapat ini dimulai dihitung di bahan rapat berikutnya.",
}

T.update({
    "The brief counts progress recorded up to the start; without a time, up to 00.00 of the "
    "meeting's day.":
        "Bahan rapat menghitung kemajuan yang dicatat sampai rapat dimulai; tanpa jam, sampai "
        "pukul 00.00 pada hari rapat.",
})
