"""Indonesian translations of the demo loader's audit notes (issue 15: demo data never
touches user data).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/demo_loader.py
"""

T = {
    "Demo data: %(dataset)s": "Data demo: %(dataset)s",
    "%(count)s synthetic records added (%(first)s – %(last)s).":
        "%(count)s data sintetis ditambahkan (%(first)s – %(last)s).",
    "Left alone (locked, or holding users' records): %(n)s region-periods.":
        "Tidak disentuh (terkunci, atau berisi data pengguna): %(n)s wilayah-periode.",
}

PLURALS = {}
