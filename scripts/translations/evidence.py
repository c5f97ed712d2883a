"""Indonesian translations of realization with evidence (issue 17): SP2D and BPJS invoice on a
realization, the documents of an allocation.

    flock /tmp/ucj-messages.lock scripts/update-messages scripts/translations/evidence.py
"""

T = {
    # the realization's fields
    "SP2D number": "nomor SP2D",
    "The regional treasury's payment order (Surat Perintah Pencairan Dana).":
        "Surat Perintah Pencairan Dana dari BUD/BPKAD untuk pembayaran ini.",
    "SP2D date": "tanggal SP2D",
    "BPJS invoice number": "nomor tagihan BPJS",
    "The BPJS Ketenagakerjaan invoice (tagihan) this payment settles.":
        "Tagihan BPJS Ketenagakerjaan yang dilunasi pembayaran ini.",
    "BPJS invoice date": "tanggal tagihan BPJS",
    "The SP2D date (%(date)s) lies in the future.":
        "Tanggal SP2D (%(date)s) ada di masa depan.",
    "The SP2D date (%(date)s) lies too long before fiscal year %(year)s.":
        "Tanggal SP2D (%(date)s) terlalu lama sebelum tahun anggaran %(year)s.",
    "Give the SP2D number with its date.": "Isi nomor SP2D bersama tanggalnya.",
    "The BPJS invoice date (%(date)s) lies in the future.":
        "Tanggal tagihan BPJS (%(date)s) ada di masa depan.",
    # documents
    "DPA page": "halaman DPA",
    "BPJS invoice": "tagihan BPJS",
    "SP2D": "SP2D",
    "other": "lainnya",
    "file": "berkas",
    "file name": "nama berkas",
    "size (bytes)": "ukuran (bita)",
    "SHA-256": "SHA-256",
    "uploaded at": "diunggah pada",
    "uploaded by": "diunggah oleh",
    "allocation document": "dokumen alokasi",
    "allocation documents": "dokumen alokasi",
    "The realization belongs to another allocation.": "Realisasi itu milik alokasi lain.",
    "Choose what the document is.": "Pilih jenis dokumennya.",
    "Choose a PDF file.": "Pilih berkas PDF.",
    "%(with)s of %(total)s payments with an SP2D": "%(with)s dari %(total)s pembayaran dengan SP2D",
    "(the allocation as a whole)": "(alokasi secara keseluruhan)",
    "file (PDF)": "berkas (PDF)",
    "The document was not kept: %(error)s": "Dokumen tidak disimpan: %(error)s",
    "Document kept: %(name)s.": "Dokumen disimpan: %(name)s.",
    "Document removed: %(name)s.": "Dokumen dihapus: %(name)s.",
    "Documents": "Dokumen",
    "The allocation's DPA page, the BPJS invoices and the SP2Ds, as PDF.":
        "Halaman DPA alokasi ini, tagihan BPJS dan SP2D, dalam bentuk PDF.",
    "Document": "Dokumen",
    "Kind": "Jenis",
    "Payment of": "Pembayaran",
    "No documents yet.": "Belum ada dokumen.",
    "Add a document": "Tambah dokumen",
    "PDF only, at most %(max_mb)s MB.": "Hanya PDF, paling besar %(max_mb)s MB.",
    "SP2D no.": "Nomor SP2D",
    "SP2D issued on": "Tanggal SP2D",
    "BPJS invoice no.": "Nomor tagihan BPJS",
    "BPJS invoice dated": "Tanggal tagihan BPJS",
    "SP2D and BPJS invoice": "SP2D dan tagihan BPJS",
    "SP2D not recorded": "SP2D belum dicatat",
    "Invoice": "Tagihan",
    "Documents of this payment": "Dokumen pembayaran ini",
    "Documents of the allocation": "Dokumen alokasi",
    "Payments without SP2D": "Pembayaran tanpa SP2D",
    "with SP2D": "dengan SP2D",
    "without SP2D": "tanpa SP2D",
}
