"""Indonesian translations of the meeting and challenge pages of the forums (issue 7), with the
model, service and file-check messages those pages show.

    scripts/update-messages $PWD/scripts/translations/forums_meetings.py
"""

T = {
    # navigation and tabs
    "Forums": "Forum",
    "Meetings": "Rapat",
    "Challenges": "Tantangan",
    "Action items": "Langkah strategis",
    "My tasks": "Tugas saya",
    "Meeting": "Rapat",
    "Meeting brief": "Bahan rapat",
    "On this page": "Di halaman ini",

    # models: meetings
    "Province coordination meeting": "Rapat koordinasi provinsi",
    "Regency/city meeting": "Rapat kabupaten/kota",
    "title": "judul",
    "date": "tanggal",
    "start time": "jam mulai",
    "place": "tempat",
    "online meeting link": "tautan rapat daring",
    "agenda": "agenda",
    "minutes": "notulen",
    "decisions": "keputusan",
    "Markdown: **bold**, lists with “-”, headings with “#”.":
        "Markdown: **tebal**, daftar dengan “-”, judul bagian dengan “#”.",
    "Markdown. Action items are recorded separately.":
        "Markdown. Langkah strategis dicatat tersendiri.",
    "meetings": "rapat",
    # models: attendees and files
    "short name": "nama singkat",
    "order": "urutan",
    "agencies": "instansi",
    "invited": "diundang",
    "present": "hadir",
    "represented": "diwakili",
    "absent": "tidak hadir",
    "position": "jabatan",
    "attendance": "kehadiran",
    "attendee": "peserta",
    "attendees": "peserta",
    "file": "berkas",
    "file type": "jenis berkas",
    "attachment": "lampiran",
    "attachments": "lampiran",
    # models: challenges
    "Budget and efficiency cuts": "Anggaran dan efisiensi",
    "Data quality": "Kualitas data",
    "Regulation/Perkada": "Regulasi/Perkada",
    "Coordination between agencies": "Koordinasi antarinstansi",
    "Public awareness": "Kesadaran masyarakat",
    "Other": "Lainnya",
    "open": "terbuka",
    "being addressed": "sedang ditangani",
    "resolved": "teratasi",
    "raised in": "diangkat dalam",
    "linked indicators": "indikator terkait",
    "Keys of the indicators this challenge holds back.":
        "Kunci indikator yang terhambat oleh tantangan ini.",
    "resolved on": "teratasi pada",
    "challenges": "tantangan",

    # services and file checks shown on these pages
    "A province coordination meeting belongs to the province; a regency/city meeting to its "
    "regency/city.":
        "Rapat koordinasi provinsi milik provinsi; rapat kabupaten/kota milik kabupaten/kotanya.",
    "Say where the meeting is held, or give its online link.":
        "Sebutkan tempat rapat, atau berikan tautan daringnya.",
    "Attendee %(n)s: give the region and the agency.":
        "Peserta %(n)s: isi daerah dan instansinya.",
    "Attendee %(n)s: %(region)s does not belong to this meeting's region.":
        "Peserta %(n)s: %(region)s tidak termasuk wilayah rapat ini.",
    "Attendee %(n)s: %(agency)s %(region)s is listed twice.":
        "Peserta %(n)s: %(agency)s %(region)s tercantum dua kali.",
    "Unknown indicator: %(keys)s.": "Indikator tidak dikenal: %(keys)s.",
    "The region must be the meeting's region or one of its regencies/cities.":
        "Daerah harus wilayah rapat ini atau salah satu kabupaten/kota di bawahnya.",
    "Challenges are mapped for the province or a regency/city.":
        "Tantangan dipetakan untuk provinsi atau kabupaten/kota.",
    "The file “%(name)s” is not a PDF, PNG or JPEG file.":
        "Berkas “%(name)s” bukan berkas PDF, PNG atau JPEG.",
    "The file “%(name)s” is named %(ext)s but its content is not of that type.":
        "Berkas “%(name)s” bernama %(ext)s tetapi isinya bukan jenis tersebut.",

    # forms and filters
    "Level": "Tingkat",
    "Title contains": "Judul memuat",
    "Raised in": "Diangkat dalam",
    "all meetings": "semua rapat",
    "Where it is held; leave empty for an online-only meeting.":
        "Tempat rapat; kosongkan untuk rapat yang hanya daring.",
    "Markdown: one item per line with “-” or “1.”.":
        "Markdown: satu butir per baris dengan “-” atau “1.”.",
    "Position": "Jabatan",
    "Attendance": "Kehadiran",
    "Description": "Keterangan",
    "PDF, PNG or JPEG.": "PDF, PNG atau JPEG.",
    "e.g. invitation, presentation, signed minutes":
        "mis. undangan, bahan paparan, notulen bertanda tangan",
    "Linked indicators": "Indikator terkait",
    "The indicators this challenge holds back.": "Indikator yang terhambat oleh tantangan ini.",
    "Markdown.": "Markdown.",
    "%(n)s B": "%(n)s B",
    "%(n)s KB": "%(n)s KB",
    "%(n)s MB": "%(n)s MB",

    # messages
    "Meeting “%(title)s” created.": "Rapat “%(title)s” dibuat.",
    "Changes saved.": "Perubahan disimpan.",
    "%(count)s invitation(s) added to the list. Nothing is saved until you press “Save "
    "attendees”.":
        "%(count)s undangan ditambahkan ke daftar. Belum ada yang disimpan sampai Anda menekan "
        "“Simpan peserta”.",
    "Attendees saved: %(count)s.": "Peserta disimpan: %(count)s.",
    "The file was not uploaded: %(reason)s": "Berkas tidak diunggah: %(reason)s",
    "File “%(name)s” uploaded.": "Berkas “%(name)s” diunggah.",
    "File “%(name)s” deleted.": "Berkas “%(name)s” dihapus.",
    "Challenge “%(title)s” recorded.": "Tantangan “%(title)s” dicatat.",

    # meeting list
    "Coordination meetings": "Rapat koordinasi",
    "Province and regency/city coordination meetings: who attended, the challenges they "
    "mapped and the action items they agreed, followed until done.":
        "Rapat koordinasi provinsi dan kabupaten/kota: siapa yang hadir, tantangan yang "
        "dipetakan, dan langkah strategis yang disepakati, dipantau sampai selesai.",
    "New meeting": "Rapat baru",
    "Next meeting": "Rapat berikutnya",
    "today": "hari ini",
    "at": "pukul",
    "online": "daring",
    "Date": "Tanggal",
    "Place": "Tempat",
    "Attended": "Hadir",
    "upcoming": "akan datang",
    "%(open)s open / %(total)s": "%(open)s terbuka / %(total)s",
    "No meetings match these filters.": "Tidak ada rapat yang sesuai penyaring.",
    "No meetings yet.": "Belum ada rapat.",

    # meeting form
    "Edit meeting": "Ubah rapat",
    "The agenda, minutes and decisions are written in Markdown. Attendees, files, challenges "
    "and action items are added on the meeting's page.":
        "Agenda, notulen, dan keputusan ditulis dalam Markdown. Peserta, lampiran, tantangan, "
        "dan langkah strategis ditambahkan di halaman rapat.",

    # meeting page
    "Online": "Daring",
    "PDF": "PDF",
    "Attendees": "Peserta",
    "Agenda": "Agenda",
    "Minutes": "Notulen",
    "Files": "Lampiran",
    "No agenda recorded.": "Agenda belum dicatat.",
    "Edit attendees": "Ubah peserta",
    "%(n)s of %(total)s invited attended": "%(n)s dari %(total)s undangan hadir",
    "not recorded": "belum dicatat",
    "attendance not recorded yet": "kehadiran belum dicatat",
    "Agencies and attendance": "Instansi dan kehadiran",
    "No attendees recorded yet.": "Peserta belum dicatat.",
    "No minutes recorded yet.": "Notulen belum dicatat.",
    "Decisions": "Keputusan",
    "No decisions recorded yet.": "Keputusan belum dicatat.",
    "Type": "Jenis",
    "Size": "Ukuran",
    "Delete “%(name)s” for good?": "Hapus “%(name)s” untuk selamanya?",
    "No files yet.": "Belum ada lampiran.",
    "Add a file": "Tambah lampiran",
    "Upload": "Unggah",
    "Challenges raised": "Tantangan yang diangkat",
    "Challenge": "Tantangan",
    "No challenges recorded for this meeting.": "Belum ada tantangan yang dicatat untuk rapat ini.",
    "Action items agreed": "Langkah strategis yang disepakati",
    "Action item": "Langkah strategis",
    "No action items agreed in this meeting yet.":
        "Belum ada langkah strategis yang disepakati dalam rapat ini.",

    # attendees form
    "Which agency of which region was invited, and whether it attended. Name and position are "
    "optional. The whole list is saved at once; rows left empty are ignored, ticked rows are "
    "removed.":
        "Instansi mana dari daerah mana yang diundang, dan apakah hadir. Nama dan jabatan boleh "
        "dikosongkan. Seluruh daftar disimpan sekaligus; baris kosong diabaikan, baris yang "
        "dicentang dihapus.",
    "Nothing was saved.": "Tidak ada yang disimpan.",
    "Add the standard invitations": "Tambahkan undangan baku",
    "Disnaker, Bappeda and BPKAD of every regency/city, Disnakertrans and BPJS TK of the "
    "province: only those not in the list yet. Nothing is saved until you save the list.":
        "Disnaker, Bappeda, dan BPKAD setiap kabupaten/kota, serta Disnakertrans dan BPJS TK "
        "provinsi: hanya yang belum ada di daftar. Belum ada yang disimpan sampai daftar "
        "disimpan.",
    "No.": "No.",
    "Remove": "Hapus",
    "Save attendees": "Simpan peserta",
    "Need more rows? Save, then open this page again: it always ends with three empty rows.":
        "Perlu baris tambahan? Simpan, lalu buka halaman ini lagi: selalu ada tiga baris kosong "
        "di akhir.",

    # challenges
    "Edit challenge": "Ubah tantangan",
    "New challenge": "Tantangan baru",
    "Raised in “%(title)s”, %(date)s.": "Diangkat dalam “%(title)s”, %(date)s.",
    "The challenges the meetings mapped, per region: what holds coverage back, which "
    "indicators it affects, and the action items agreed to address it.":
        "Tantangan yang dipetakan dalam rapat, per daerah: apa yang menghambat cakupan, "
        "indikator mana yang terdampak, dan langkah strategis yang disepakati untuk "
        "mengatasinya.",
    "No challenges match these filters.": "Tidak ada tantangan yang sesuai penyaring.",
    "No challenges recorded yet. They are added on a meeting's page.":
        "Belum ada tantangan. Tantangan ditambahkan di halaman rapat.",
}

PLURALS = {
    "meeting": "rapat",
    "challenge": "tantangan",
    "in %(days)s day": "dalam %(days)s hari",
    "%(n)s invitation": "%(n)s undangan",
    "%(n)s overdue": "%(n)s terlambat",
}
