"""Indonesian translations of the forum follow-up as of a report's period or a past meeting,
and of the monev report's "Permasalahan dan rekomendasi" (issue 16).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/asof_forum.py
"""

T = {
    "No action items had been agreed in the coordination forums by %(date)s.":
        "Hingga %(date)s belum ada langkah strategis yang disepakati dalam forum koordinasi.",
    "Action items agreed in the coordination meetings (rakor) held up to %(date)s, with their "
    "status as of %(date)s. Overdue: not done by then and past the due date.":
        "Langkah strategis yang disepakati dalam rapat koordinasi (rakor) hingga %(date)s, "
        "dengan statusnya per %(date)s. Melewati tenggat: belum selesai pada tanggal itu dan "
        "sudah lewat batas waktunya.",
    "Problems and recommendations": "Permasalahan dan rekomendasi",
    "As of %(as_of)s, no unresolved problem of %(name)s had been mapped in the coordination "
    "forums.":
        "Per %(as_of)s, forum koordinasi belum mencatat permasalahan %(name)s yang belum "
        "terselesaikan.",
    "Problem": "Permasalahan",
    "Recommendation and follow-up": "Rekomendasi dan tindak lanjut",
    "Status as of %(as_of)s": "Status per %(as_of)s",
    "raised in %(meeting)s, %(date)s": "diangkat dalam %(meeting)s, %(date)s",
    "due %(date)s": "tenggat %(date)s",
    "No follow-up step agreed yet; it should be agreed at the next coordination meeting.":
        "Belum ada langkah tindak lanjut yang disepakati; perlu disepakati pada rakor "
        "berikutnya.",
    "Other open action items as of %(date)s": "Langkah strategis lain yang belum selesai per %(date)s",
    "As the meeting saw them: challenges raised up to %(date)s and still open then.":
        "Sebagaimana dilihat rapat: tantangan yang diangkat hingga %(date)s dan masih terbuka "
        "pada tanggal itu.",
    "As the meeting saw them: action items agreed up to %(date)s, overdue or due as of "
    "%(date)s, with their status at the start of the meeting.":
        "Sebagaimana dilihat rapat: langkah strategis yang disepakati hingga %(date)s, yang "
        "melewati tenggat atau jatuh tempo per %(date)s, dengan statusnya saat rapat dimulai.",
}

PLURALS = {
    "As of %(as_of)s, the coordination forums had mapped %(n)s problem of %(name)s that was "
    "not yet resolved.":
        "Per %(as_of)s, forum koordinasi telah memetakan %(n)s permasalahan %(name)s yang "
        "belum terselesaikan.",
    "%(name)s is responsible for %(n)s action item (%(counts)s)":
        "%(name)s bertanggung jawab atas %(n)s langkah strategis (%(counts)s)",
    "%(n)s of them past its due date": "%(n)s di antaranya melewati tenggat",
}
