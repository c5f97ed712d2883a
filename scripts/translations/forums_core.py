"""Indonesian for the forum models, settings and menu (the pages have forums_*.py of their own)."""

T = {
    "forum reminders by e-mail": "pengingat forum lewat e-mail",
    "Also e-mail the list of forum action items due soon or overdue (when the server sends "
    "e-mail).": "Kirim juga daftar langkah strategis yang segera jatuh tempo atau terlambat lewat "
                "e-mail (bila server mengirim e-mail).",
    "Coordination forums": "Forum koordinasi",
    "Your action items overdue or due soon": "Langkah strategis Anda yang terlambat atau segera "
                                             "jatuh tempo",
}
PLURALS = {}
