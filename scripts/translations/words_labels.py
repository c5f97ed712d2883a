"""Indonesian translations of issue 19's words and labels: the audit log in the record pages'
labels.

    scripts/update-messages $PWD/scripts/translations/words_labels.py
"""

T = {
    "evidence": "bukti",
}
