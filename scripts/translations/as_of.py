"""Indonesian translations of as-of figures (issue 16).

    scripts/update-messages $PWD/scripts/translations/as_of.py
"""

T = {
    "realized by %(month)s": "realisasi s.d. %(month)s",
}
