"""Indonesian translations of the indicator engine and its thresholds page (issue 4).

    scripts/update-messages $PWD/scripts/translations/indicators.py
"""

T = {
    "key": "kunci",
    "meaning": "arti",
    "status threshold": "ambang status",
    "status thresholds": "ambang status",
    "A threshold is a fraction between 0 and 2 (e.g. 0,5 for half).":
        "Ambang adalah pecahan antara 0 dan 2 (mis. 0,5 untuk separuh).",
    "Status thresholds": "Ambang status",
    "A region's status light is red, amber or green by these thresholds. Red also when the "
    "region has no budget allocation in the year.":
        "Lampu status daerah merah, kuning atau hijau menurut ambang ini. Merah juga bila daerah "
        "belum punya alokasi anggaran pada tahun itu.",
    "Threshold": "Ambang",
    "Meaning": "Arti",
    "Value (%)": "Nilai (%)",
    "value": "nilai",
    "Saved: %(name)s.": "Tersimpan: %(name)s.",
}
