"""Indonesian translations of the funded counts by payer (issue 16, item 1): DBHCHT of the
province apart from the regency's in participation's model, form, list, export and the report
workbook.

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/funded_payer.py
"""

T = {
    # ucj.coverage.models.ParticipationSnapshot
    "funded by the province's DBHCHT": "dibiayai DBHCHT provinsi",
    "funded by the regency's DBHCHT": "dibiayai DBHCHT kabupaten/kota",
    # ucj.coverage.forms.ParticipationForm
    "DBHCHT of the province": "DBHCHT provinsi",
    "DBHCHT of the regency/city": "DBHCHT kabupaten/kota",
    # ucj.coverage.datasets, ucj.reports.workbook
    "Funded: DBHCHT of the province": "Dibiayai DBHCHT provinsi",
    "Funded: DBHCHT of the regency/city": "Dibiayai DBHCHT kabupaten/kota",
}
