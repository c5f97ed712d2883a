"""Indonesian translations of the forum action-item pages, reminders and reminder e-mail
(issue 7), with the model and service texts those pages show.

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/forums_actions.py
"""

T = {
    # the list
    "Action items": "Langkah strategis",
    "Forums": "Forum",
    "The strategic steps agreed in coordination meetings: who does what by when, and how far "
    "it is. Overdue items are marked red.":
        "Langkah strategis yang disepakati dalam rapat koordinasi: siapa melakukan apa, kapan "
        "tenggatnya, dan sejauh mana kemajuannya. Langkah yang terlambat ditandai merah.",
    "New action item": "Langkah strategis baru",
    "Search": "Cari",
    "action or description": "langkah atau uraian",
    "Owner region": "Wilayah penanggung jawab",
    "Owner agency": "Instansi penanggung jawab",
    "Meeting": "Rapat",
    "all": "semua",
    "overdue": "terlambat",
    "Overdue": "Terlambat",
    "action item": "langkah strategis",
    "agreed in": "disepakati dalam",
    "No action items match these filters.": "Tidak ada langkah strategis yang cocok dengan "
                                            "filter ini.",
    "No action items yet. They are agreed in coordination meetings.":
        "Belum ada langkah strategis. Langkah strategis disepakati dalam rapat koordinasi.",
    # the table ("Action" here is the msgctxt "action item" entry: po_fill matches by msgid
    # and fills only empty entries; the plain "Action" is already "Tindakan")
    "Action": "Langkah",
    "Owner": "Penanggung jawab",
    "Due date": "Tenggat",
    "Agreed in": "Disepakati dalam",
    "Last update": "Pembaruan terakhir",
    "none yet": "belum ada",
    "due today": "jatuh tempo hari ini",
    # create / edit
    "Edit action item": "Ubah langkah strategis",
    "Agreed in “%(title)s” (%(date)s, %(region)s). The owner records its progress; what "
    "was agreed is changed here.":
        "Disepakati dalam “%(title)s” (%(date)s, %(region)s). Penanggung jawab mencatat "
        "kemajuannya; yang disepakati diubah di sini.",
    "Save and add another": "Simpan dan tambah lagi",
    "Description": "Uraian",
    "Challenge it answers": "Tantangan yang dijawab",
    "— none —": "— tidak ada —",
    "A region, an agency, or an agency of a region (e.g. BPKAD of Lombok Timur).":
        "Wilayah, instansi, atau instansi suatu wilayah (mis. BPKAD Lombok Timur).",
    "Action item “%(title)s” added.": "Langkah strategis “%(title)s” ditambahkan.",
    "Action item “%(title)s” changed.": "Langkah strategis “%(title)s” diubah.",
    # the item's page
    "due": "tenggat",
    "done on": "selesai pada",
    "Challenge": "Tantangan",
    "not linked to a challenge": "tidak terkait tantangan",
    "No description.": "Tidak ada uraian.",
    "Timeline": "Linimasa",
    "Agreed": "Disepakati",
    "Agreed in “%(meeting)s”, due %(due)s.":
        "Disepakati dalam “%(meeting)s”, tenggat %(due)s.",
    "former user": "pengguna lama",
    "progress": "kemajuan",
    "Evidence": "Bukti",
    "a record outside your regions": "data di luar wilayah Anda",
    "No updates yet.": "Belum ada pembaruan.",
    "Record progress": "Catat kemajuan",
    "now": "saat ini",
    "0 to 100. Progress on a planned item starts it; “done” sets 100%% and needs evidence.":
        "0 sampai 100. Kemajuan pada langkah yang masih direncanakan memulainya; “selesai” "
        "menjadikannya 100%% dan memerlukan bukti.",
    "Optional; needed to mark the item done.": "Opsional; wajib untuk menandai langkah selesai.",
    "Record the update": "Simpan pembaruan",
    "Progress (%)": "Kemajuan (%)",
    "Comment": "Komentar",
    "What was done, what is next, what blocks it.":
        "Apa yang sudah dilakukan, apa berikutnya, apa hambatannya.",
    "Evidence file": "Berkas bukti",
    "PDF, PNG or JPEG: a letter, a signed decree, minutes, a photo.":
        "PDF, PNG atau JPEG: surat, SK yang ditandatangani, notulen, foto.",
    "Or a record of the system as evidence": "Atau data di sistem sebagai bukti",
    "Commitments": "Komitmen",
    "Budget allocations": "Alokasi anggaran",
    "Realizations": "Realisasi",
    "No commitment, allocation or realization of this region that you may read.":
        "Tidak ada komitmen, alokasi atau realisasi wilayah ini yang dapat Anda baca.",
    "Commitment %(year)s · target %(target)s%%": "Komitmen %(year)s · target %(target)s%%",
    "Allocation %(stage)s %(year)s · %(source)s · %(amount)s":
        "Alokasi %(stage)s %(year)s · %(source)s · %(amount)s",
    "Realization %(month)s · %(stage)s %(year)s %(source)s · %(amount)s":
        "Realisasi %(month)s · %(stage)s %(year)s %(source)s · %(amount)s",
    "Update recorded.": "Pembaruan dicatat.",
    "The update was not recorded: see the form below.":
        "Pembaruan tidak dicatat: lihat formulir di bawah.",
    # reminders
    "My tasks": "Tugas saya",
    "Your role reads the forums but does not update action items, so you have no tasks here. "
    "Action items are updated by the operators of their owner regions, BPJS Ketenagakerjaan "
    "for its own items, and the province secretariat.":
        "Peran Anda membaca forum tetapi tidak memperbarui langkah strategis, sehingga Anda tidak "
        "memiliki tugas di sini. Langkah strategis diperbarui oleh operator wilayah penanggung "
        "jawabnya, BPJS Ketenagakerjaan untuk langkahnya sendiri, dan sekretariat provinsi.",
    "See all overdue action items": "Lihat semua langkah strategis yang terlambat",
    "Nothing overdue.": "Tidak ada yang terlambat.",
    "Nothing due soon.": "Tidak ada yang segera jatuh tempo.",
    "Update": "Perbarui",
    "All action items": "Semua langkah strategis",
    "Reminders by e-mail": "Pengingat lewat e-mail",
    "On: a list of these items is e-mailed to <strong>%(email)s</strong> when there is "
    "something overdue or due soon.":
        "Aktif: daftar langkah ini dikirim ke <strong>%(email)s</strong> bila ada yang "
        "terlambat atau segera jatuh tempo.",
    "Turn e-mail reminders off": "Matikan pengingat e-mail",
    "Off: you see your tasks here and in the forum tabs.":
        "Nonaktif: tugas Anda tampil di sini dan pada tab forum.",
    "E-mail me these reminders": "Kirim pengingat ini ke e-mail saya",
    "Reminder e-mail is not enabled on the server yet: your choice is kept and takes effect "
    "once it is.":
        "E-mail pengingat belum diaktifkan di server: pilihan Anda disimpan dan berlaku setelah "
        "diaktifkan.",
    "Your account has no e-mail address: ask the province administrator to add one.":
        "Akun Anda tidak memiliki alamat e-mail: minta administrator provinsi menambahkannya.",
    "Reminders by e-mail are on.": "Pengingat lewat e-mail diaktifkan.",
    "Reminders by e-mail are off.": "Pengingat lewat e-mail dimatikan.",
    # the e-mail
    "Dear %(name)s,": "Yth. %(name)s,",
    "These forum action items that you update need attention (as of %(date)s):":
        "Langkah strategis forum yang Anda tangani berikut perlu perhatian (per %(date)s):",
    "OVERDUE": "TERLAMBAT",
    "All your tasks": "Semua tugas Anda",
    "You receive this e-mail because you asked for forum reminders by e-mail in UCJ Monitor. "
    "You can turn them off on the page above.":
        "Anda menerima e-mail ini karena meminta pengingat forum lewat e-mail di UCJ Monitor. "
        "Anda dapat mematikannya di halaman di atas.",
    "UCJ Monitor: %(overdue)s overdue and %(soon)s due soon (forum action items)":
        "UCJ Monitor: %(overdue)s terlambat dan %(soon)s segera jatuh tempo (langkah strategis "
        "forum)",
    # model and service texts the pages show
    "owner region": "wilayah penanggung jawab",
    "owner agency": "instansi penanggung jawab",
    "due date": "tenggat",
    "last update": "pembaruan terakhir",
    "action items": "langkah strategis",
    "comment": "komentar",
    "status before": "status sebelumnya",
    "progress before (%)": "kemajuan sebelumnya (%)",
    "evidence file": "berkas bukti",
    "evidence file name": "nama berkas bukti",
    "evidence file type": "jenis berkas bukti",
    "action update": "pembaruan langkah",
    "action updates": "pembaruan langkah",
    "planned": "direncanakan",
    "in progress": "sedang berjalan",
    "done": "selesai",
    "blocked": "terhambat",
    "open": "terbuka",
    "being addressed": "sedang ditangani",
    "resolved": "teratasi",
    "Unknown status.": "Status tidak dikenal.",
    "Progress is a percentage from 0 to 100.": "Kemajuan adalah persentase 0 sampai 100.",
    "An action item that is “%(old)s” cannot become “%(new)s”.":
        "Langkah strategis yang “%(old)s” tidak dapat menjadi “%(new)s”.",
    "Only the province reopens a done action item.":
        "Hanya provinsi yang dapat membuka kembali langkah strategis yang sudah selesai.",
    "Say why the action item is reopened.":
        "Jelaskan mengapa langkah strategis dibuka kembali.",
    "Say what blocks the action item.": "Jelaskan apa yang menghambat langkah strategis ini.",
    "The action item is done: reopen it to change its progress.":
        "Langkah strategis sudah selesai: buka kembali untuk mengubah kemajuannya.",
    "Attach evidence (a file, or a commitment, allocation or realization) to mark the action "
    "item done.":
        "Lampirkan bukti (berkas, atau komitmen, alokasi atau realisasi) untuk menandai "
        "langkah strategis selesai.",
    "Nothing to record: write a comment, change the status or the progress, or add evidence.":
        "Tidak ada yang dicatat: tulis komentar, ubah status atau kemajuan, atau tambahkan "
        "bukti.",
    "This record is outside your regions.": "Data ini di luar wilayah Anda.",
    "The evidence must be a record of %(region)s.": "Bukti harus berupa data %(region)s.",
    "Say who owns the action: a region, an agency or both.":
        "Sebutkan penanggung jawab langkah: wilayah, instansi, atau keduanya.",
    "The owner region must be the meeting's region or one of its regencies/cities.":
        "Wilayah penanggung jawab harus wilayah rapat atau salah satu kabupaten/kotanya.",
    "Action items are owned by the province or a regency/city.":
        "Penanggung jawab langkah strategis adalah provinsi atau kabupaten/kota.",
    "The challenge belongs to another region's forum.":
        "Tantangan ini milik forum wilayah lain.",
    "The file “%(name)s” is not a PDF, PNG or JPEG file.":
        "Berkas “%(name)s” bukan berkas PDF, PNG atau JPEG.",
    "The file “%(name)s” is named %(ext)s but its content is not of that type.":
        "Berkas “%(name)s” bernama %(ext)s tetapi isinya bukan jenis tersebut.",
}

PLURALS = {
    "%(days)s day late": "terlambat %(days)s hari",
    "%(days)s day left": "%(days)s hari lagi",
    "due within %(days)s day": "jatuh tempo dalam %(days)s hari",
    "Due within %(days)s day": "Jatuh tempo dalam %(days)s hari",
    "DUE WITHIN %(days)s DAY": "JATUH TEMPO DALAM %(days)s HARI",
    "action item": "langkah strategis",
    "The action items you update that are overdue, and those due within the next %(days)s "
    "day.":
        "Langkah strategis yang Anda tangani yang terlambat, dan yang jatuh tempo dalam "
        "%(days)s hari ke depan.",
}
