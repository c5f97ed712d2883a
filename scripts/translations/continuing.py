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
