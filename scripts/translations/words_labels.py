"""Indonesian translations of issue 19's words and labels: the audit log in the record pages'
labels, and destructive actions that ask first.

    scripts/update-messages $PWD/scripts/translations/words_labels.py
"""

T = {
    "evidence": "bukti",
    "Systems using this token stop working at once. Revoke it?":
        "Sistem yang memakai token ini langsung berhenti bekerja. Cabut token ini?",
    "Yes, revoke": "Ya, cabut",
    "The matching done so far is lost. Cancel the run?":
        "Pemadanan yang sudah berjalan akan hilang. Batalkan proses ini?",
    "Yes, cancel the run": "Ya, batalkan",
    "%(n)s seconds": "%(n)s detik",
    "%(m)s min %(s)s s": "%(m)s menit %(s)s detik",
    "took": "dibuat dalam",
    "Received, on time and approved, per region and period":
        "Diterima, tepat waktu dan disetujui, per daerah dan periode",
    "Which data is due by which day": "Data apa yang jatuh tempo pada tanggal berapa",
    "No boundaries to draw a map.": "Tidak ada batas wilayah untuk menggambar peta.",
    "Completeness and timeliness of the data": "Kelengkapan dan ketepatan waktu data",
    "Figures of %(year)s due by %(day)s under the reporting calendar: received (submitted or "
    "approved), on time, approved; and who still owes figures past their due day.":
        "Data tahun %(year)s yang jatuh tempo sampai %(day)s menurut kalender pelaporan: "
        "diterima (diajukan atau disetujui), tepat waktu, disetujui; serta daerah yang masih "
        "berutang data melewati tenggatnya.",
    "No figures are due yet.": "Belum ada data yang jatuh tempo.",
    "Periods due": "Jatuh tempo",
}
