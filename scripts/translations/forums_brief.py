"""Indonesian translations of the meeting brief ("bahan rapat", issue 7), page and PDF, and of
the indicator names a challenge is linked to (``ucj.indicators.selectors.LABELS``).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/forums_brief.py
"""

T = {
    # page
    "Meeting brief": "Bahan rapat",
    "Download PDF": "Unduh PDF",
    "each region's status, the open challenges, the action items and the commitments not yet "
    "budgeted, to print before the meeting.":
        "status setiap daerah, tantangan yang masih terbuka, langkah strategis, dan komitmen "
        "yang belum dianggarkan, untuk dicetak sebelum rapat.",
    # PDF
    "Coordination meeting brief": "Bahan Rapat Koordinasi",
    "Contains synthetic demonstration data: not published figures.":
        "Memuat data sintetis untuk demonstrasi: bukan angka resmi.",
    "Page": "Halaman",
    "of": "dari",
    # heading facts
    "About this brief": "Tentang bahan rapat ini",
    "Meeting": "Rapat",
    "Date and place": "Waktu dan tempat",
    "at": "pukul",
    "online": "daring",
    "Previous meeting": "Rapat sebelumnya",
    "none: this is the first meeting of this forum": "tidak ada: ini rapat pertama forum ini",
    "Figures": "Data",
    "Participation at the end of %(month)s; budgets of %(year)s up to that month.":
        "Kepesertaan per akhir %(month)s; anggaran %(year)s sampai bulan tersebut.",
    "Changes are counted from %(month)s, the latest figures before the previous meeting.":
        "Perubahan dihitung dari %(month)s, data terakhir sebelum rapat sebelumnya.",
    "There were no figures before the previous meeting: no changes are shown.":
        "Belum ada data sebelum rapat sebelumnya: perubahan tidak ditampilkan.",
    "approved": "disetujui",
    "not all approved": "belum semua disetujui",
    "The participation of %(month)s is approved for every region shown.":
        "Kepesertaan %(month)s sudah disetujui untuk semua daerah yang ditampilkan.",
    "The participation of %(month)s is approved for %(n)s of %(total)s regions; the figures of "
    "the others may still change.":
        "Kepesertaan %(month)s sudah disetujui untuk %(n)s dari %(total)s daerah; angka daerah "
        "lainnya masih dapat berubah.",
    "Prepared": "Disusun",
    "by": "oleh",
    # 1. status
    "Status of the regions and key indicators since the last meeting":
        "Status daerah dan indikator utama sejak rapat sebelumnya",
    "Status as on the monev dashboard for %(month)s (red: no allocation this year or coverage "
    "far below its target trajectory; amber: behind the trajectory or the payment schedule; "
    "green: on track).":
        "Status seperti pada dasbor monev untuk %(month)s (merah: belum ada alokasi tahun ini "
        "atau cakupan jauh di bawah lintasan targetnya; kuning: tertinggal dari lintasan target "
        "atau jadwal pembayaran; hijau: sesuai jalur).",
    "The province line is shown for comparison.": "Baris provinsi ditampilkan sebagai pembanding.",
    "Change": "Perubahan",
    "points": "poin",
    "Change (points)": "Perubahan (poin)",
    "Change in participants": "Perubahan peserta",
    "province": "provinsi",
    "* participation not yet submitted or approved; ** submitted, not yet approved.":
        "* kepesertaan belum dikirim atau disetujui; ** sudah dikirim, belum disetujui.",
    # 2. challenges
    "Open challenges": "Tantangan yang masih terbuka",
    "Raised in": "Diangkat dalam",
    "Linked indicators now": "Indikator terkait saat ini",
    "No open challenges.": "Tidak ada tantangan yang masih terbuka.",
    # 3. action items
    "Days late": "Hari terlambat",
    "Days left": "Sisa hari",
    "today": "hari ini",
    "Due by %(date)s": "Tenggat sampai %(date)s",
    "No overdue action items.": "Tidak ada langkah strategis yang terlambat.",
    "No action items due in this period.": "Tidak ada langkah strategis yang jatuh tempo pada "
                                           "periode ini.",
    "Progress since the last meeting (%(date)s)": "Kemajuan sejak rapat sebelumnya (%(date)s)",
    "Progress recorded so far": "Kemajuan yang tercatat sejauh ini",
    "When": "Waktu",
    "Comment and evidence": "Catatan dan bukti",
    "Linked record": "Data terkait",
    "No progress recorded since the last meeting.": "Belum ada kemajuan yang dicatat sejak rapat "
                                                    "sebelumnya.",
    "Done since the last meeting": "Selesai sejak rapat sebelumnya",
    "Done": "Selesai",
    "Done on": "Selesai pada",
    "late": "terlambat",
    "No action item completed in this period.": "Tidak ada langkah strategis yang selesai pada "
                                                "periode ini.",
    # 4. commitments
    "Commitments not yet budgeted": "Komitmen yang belum dianggarkan",
    "Commitments for %(y1)s and %(y2)s without any budget allocation of their region for that "
    "year.":
        "Komitmen tahun %(y1)s dan %(y2)s yang daerahnya belum memiliki alokasi anggaran untuk "
        "tahun tersebut.",
    "none recorded": "belum dicatat",
    "Every commitment has a budget allocation.": "Semua komitmen sudah memiliki alokasi anggaran.",
    "Without a commitment for %(year)s:": "Belum memiliki komitmen %(year)s:",
    "%(region)s has a commitment for %(year)s.": "%(region)s sudah memiliki komitmen %(year)s.",
    "Every regency has a commitment for %(year)s.":
        "Semua kabupaten/kota sudah memiliki komitmen %(year)s.",
    # indicator names (ucj.indicators.selectors.LABELS), shown with a challenge's values
    "Workforce potential": "Potensi tenaga kerja",
    "Target trajectory": "Lintasan target",
    "Workers short of the target": "Kekurangan pekerja terhadap target",
    "Government-funded workers": "Pekerja dibiayai pemerintah",
    "Vulnerable-worker coverage": "Cakupan pekerja rentan",
    "Budget adequacy": "Kecukupan anggaran",
    "Realization rate": "Tingkat realisasi",
    "Realization against schedule": "Realisasi terhadap jadwal",
    "Share of the province's gap": "Porsi kesenjangan provinsi",
    "Province coverage if this region meets its target":
        "Cakupan provinsi jika daerah ini mencapai targetnya",
    "Province coverage if all regions meet their targets":
        "Cakupan provinsi jika semua daerah mencapai targetnya",
}

PLURALS = {}
