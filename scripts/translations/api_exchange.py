"""Indonesian translations of the BPJS exchange through the API (issue 18, ucj/api/exchange.py).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/api_exchange.py
"""

T = {
    "The mapping must be a JSON object of field names and column names.":
        "Pemetaan kolom harus berupa objek JSON berisi nama isian dan nama kolom berkas.",
}
