"""Indonesian translations of the home pages, the approval inbox, the reporting calendar and
the completeness page (issue 19, home/inbox helper).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/home_inbox.py
"""

T = {
    # the reporting calendar
    "months after the period starts": "bulan setelah awal periode",
    "0: in the period's first month; 1: the month after it; -1: the month before it.":
        "0: di bulan pertama periode; 1: bulan sesudahnya; -1: bulan sebelumnya.",
    "day of the month": "tanggal",
    "31 means the month's last day in shorter months.":
        "31 berarti hari terakhir bulan itu untuk bulan yang lebih pendek.",
    "first period reported": "periode pertama yang dilaporkan",
    "2025 for a yearly dataset, 2025-01 for a monthly one: nothing before it is asked for.":
        "2025 untuk data tahunan, 2025-01 untuk data bulanan: periode sebelumnya tidak diminta.",
    "basis or note": "dasar atau catatan",
    "last changed": "terakhir diubah",
    "changed by": "diubah oleh",
    "reporting due date": "batas waktu pelaporan",
    "reporting calendar": "kalender pelaporan",
    "Unknown dataset.": "Jenis data tidak dikenal.",
    "Enter a month such as 2025-01.": "Isi bulan, misalnya 2025-01.",
    "Enter a year such as 2025.": "Isi tahun, misalnya 2025.",
    "Months after the period starts": "Bulan setelah awal periode",
    "0: in the period's first month (a year's January); 1: the month after it; -1: the month before it.":
        "0: di bulan pertama periode (Januari untuk data tahunan); 1: bulan sesudahnya; "
        "-1: bulan sebelumnya.",
    "Day of the month": "Tanggal",
    "First period reported": "Periode pertama yang dilaporkan",
    "Nothing before it is asked for.": "Periode sebelumnya tidak diminta.",
    "Basis or note": "Dasar atau catatan",
    "Reporting calendar": "Kalender pelaporan",
    "Reporting calendar saved: %(dataset)s.": "Kalender pelaporan disimpan: %(dataset)s.",
    "When each dataset's figures of a period are due. Figures not submitted by the due day are overdue on the home page and late on the completeness page. The province keeps the calendar.":
        "Batas waktu data setiap jenis untuk suatu periode. Data yang belum diajukan sampai "
        "tanggal batas tampil terlambat di beranda dan di halaman kelengkapan. Kalender ini "
        "dikelola provinsi.",
    "Due": "Batas waktu",
    "For example": "Contoh",
    "day %(day)s, %(n)s month(s) after the period starts":
        "tanggal %(day)s, %(n)s bulan setelah awal periode",
    "not asked for": "tidak diminta",
    "month": "bulan",
    "year": "tahun",
    "A monthly dataset: 1 month after, day 15 makes June due on 15 July and December on 15 January of the next year.":
        "Data bulanan: 1 bulan sesudah, tanggal 15 berarti data Juni paling lambat 15 Juli dan "
        "data Desember paling lambat 15 Januari tahun berikutnya.",
    "A yearly dataset: 2 months after, day 31 makes the year due on 31 March of that year.":
        "Data tahunan: 2 bulan sesudah, tanggal 31 berarti data tahun itu paling lambat "
        "31 Maret tahun itu.",
    # states against the calendar
    "received on time": "diterima tepat waktu",
    "received late": "diterima terlambat",
    "entered, not submitted": "sudah diisi, belum diajukan",
    "not entered": "belum diisi",
    "not yet due": "belum jatuh tempo",
    # the operator's home
    "What to do next": "Yang perlu dikerjakan",
    "As of %(today)s: figures your regions owe against the reporting calendar (due in the next %(days)s days or overdue), figures the province returned, budget-cycle steps, forum tasks and funded workers about to lapse.":
        "Per %(today)s: data yang masih menjadi kewajiban daerah Anda menurut kalender "
        "pelaporan (jatuh tempo dalam %(days)s hari ke depan atau terlambat), data yang "
        "dikembalikan provinsi, tahapan siklus anggaran, tugas forum, dan pekerja yang dibiayai "
        "yang akan berhenti.",
    "Completeness and timeliness": "Kelengkapan dan ketepatan waktu",
    "Returned by the province": "Dikembalikan oleh provinsi",
    "Reason": "Alasan",
    "Correct the figures, then submit them again.": "Perbaiki datanya, lalu ajukan kembali.",
    "Nothing returned.": "Tidak ada yang dikembalikan.",
    "Figures due": "Data yang harus dilaporkan",
    "overdue": "terlambat",
    "due": "jatuh tempo",
    "due %(due)s": "batas %(due)s",
    "Download the template": "Unduh templat",
    "%(n)s overdue": "%(n)s terlambat",
    "Figures": "Data",
    "and %(n)s more": "dan %(n)s lainnya",
    "Nothing due: every figure asked for so far is submitted.":
        "Tidak ada yang jatuh tempo: semua data yang diminta sejauh ini sudah diajukan.",
    "Budget-cycle steps": "Tahapan siklus anggaran",
    "No step due.": "Tidak ada tahapan yang jatuh tempo.",
    "Forum tasks": "Tugas forum",
    "No forum task due.": "Tidak ada tugas forum yang jatuh tempo.",
    "Funded workers about to lapse": "Pekerja dibiayai yang akan berhenti",
    "No funded worker about to lapse.": "Tidak ada pekerja dibiayai yang akan berhenti.",
    "Your regions: status and realization": "Daerah Anda: status dan realisasi",
    # the approval inbox
    "Approval inbox": "Kotak persetujuan",
    "Figures the regions submitted for verification, oldest first. Approve them as they are, or return them with what the region must correct.":
        "Data yang diajukan daerah untuk diverifikasi, yang terlama lebih dulu. Setujui apa "
        "adanya, atau kembalikan dengan apa yang harus diperbaiki daerah.",
    "Monev dashboard": "Dasbor monev",
    "%(n)s more waiting": "%(n)s lagi menunggu",
    "Submitted": "Diajukan",
    "First submission: the figures": "Pengajuan pertama: datanya",
    "All %(n)s records": "Semua %(n)s baris",
    "No submission is waiting for approval.": "Tidak ada pengajuan yang menunggu persetujuan.",
    "You changed some of these figures last and you are the only active province administrator who may approve them: the approval is recorded as a self-approval.":
        "Anda yang terakhir mengubah sebagian data ini dan Anda satu-satunya admin provinsi "
        "aktif yang dapat menyetujuinya: persetujuan dicatat sebagai persetujuan sendiri.",
    "Inbox": "Persetujuan",
    "submissions waiting for approval": "pengajuan menunggu persetujuan",
    # completeness
    "Completeness and timeliness %(year)s": "Kelengkapan dan ketepatan waktu %(year)s",
    "Per dataset, region and period as of %(today)s: received (submitted or approved), on time (by the due day of the reporting calendar) and approved. Rates count only the periods already due.":
        "Per jenis data, daerah dan periode per %(today)s: diterima (diajukan atau disetujui), "
        "tepat waktu (sampai tanggal batas kalender pelaporan) dan disetujui. Persentase hanya "
        "menghitung periode yang sudah jatuh tempo.",
    "Legend": "Keterangan",
    "received %(r)s of %(e)s due · on time %(o)s · approved %(a)s":
        "diterima %(r)s dari %(e)s yang jatuh tempo · tepat waktu %(o)s · disetujui %(a)s",
    "received": "diterima",
    "Received": "Diterima",
    "On time": "Tepat waktu",
    "Approved": "Disetujui",
    "No region of yours reports this dataset.": "Tidak ada daerah Anda yang melaporkan data ini.",
    "Nothing to show for these filters.": "Tidak ada yang ditampilkan untuk filter ini.",
}

PLURALS = {
    "and %(counter)s earlier period": "dan %(counter)s periode sebelumnya",
}
