"""Indonesian translations of the meeting brief's PDF made in the background (issue 19, item
7).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/brief_pdf.py
"""

T = {
    "Meeting brief (PDF)": "Bahan rapat (PDF)",
    "Make PDF": "Buat PDF",
    "The PDF of the brief is being made; this page shows when it is ready.":
        "PDF bahan rapat sedang dibuat; halaman ini menunjukkan kapan siap diunduh.",
    "The PDF of the brief is now made in the background, with the figures of the moment: "
    "press “Make PDF” and the next page shows when it is ready.":
        "PDF bahan rapat kini dibuat di latar belakang dengan angka terkini: tekan “Buat PDF”, "
        "dan halaman berikutnya menunjukkan kapan siap diunduh.",
    "Your PDFs of this brief": "PDF bahan rapat ini yang Anda buat",
    "Made for": "Dibuat untuk",
    "what the person who ordered it may read": "apa yang boleh dibaca oleh pemesannya",
    "The meeting": "Rapat",
    "meeting": "rapat",
    "Forum challenges": "Tantangan forum",
    "Progress on action items": "Kemajuan langkah strategis",
}
