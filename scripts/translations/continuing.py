"""Indonesian translations of the continuing cohort in the planner (issue 17).

    scripts/update-messages $PWD/scripts/translations/continuing.py
"""

T = {
    "continuing (lanjutan)": "lanjutan",
    "new (baru)": "baru",
    "%(n)s workers funded in %(month)s lapse on 1 January %(year)s unless budgeted again":
        "%(n)s pekerja yang dibiayai pada %(month)s berhenti 1 Januari %(year)s bila tidak "
        "dianggarkan lagi",
}

T.update({
    "No start month given for the APBD perubahan: it pays from month %(month)s, when the province expects the APBD-P. Give the month the DPA-P allows payments from.":
        "Bulan mulai APBD perubahan tidak diisi: dihitung mulai bulan %(month)s, saat APBD-P "
        "diharapkan provinsi. Isi bulan pertama pembayaran menurut DPA-P.",
    "An APBD perubahan is rarely enacted, and its DPA-P issued, before August: check that payments can start this early.":
        "APBD perubahan jarang ditetapkan, dan DPA-P-nya terbit, sebelum Agustus: pastikan "
        "pembayaran memang dapat dimulai secepat ini.",
    "start month assumed": "bulan mulai diasumsikan",
    "APBD-P before August": "APBD-P sebelum Agustus",
})
