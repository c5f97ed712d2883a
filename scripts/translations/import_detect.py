"""Indonesian translations of the imports that know their file (issue 19, item 3).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/import_detect.py
"""

T = {
    "Detect from the file": "Kenali dari berkas",
    "Only if the file is not recognised: the template and a file with its column headers are "
    "recognised by themselves.":
        "Pilih hanya jika berkas tidak dikenali: templat dan berkas dengan judul kolom templat "
        "dikenali dengan sendirinya.",
    "This file looks like %(found)s, not %(chosen)s. Choose “%(found)s” (or let the file tell) "
    "and upload it again, or use the template of %(chosen)s.":
        "Berkas ini tampaknya berisi %(found)s, bukan %(chosen)s. Pilih “%(found)s” (atau "
        "“Kenali dari berkas”) lalu unggah lagi, atau pakai templat %(chosen)s.",
    "The column headers of this file fit more than one dataset (%(datasets)s). Choose the "
    "dataset and upload it again.":
        "Judul kolom berkas ini cocok untuk lebih dari satu jenis data (%(datasets)s). Pilih "
        "jenis datanya lalu unggah lagi.",
    "Which dataset this file holds cannot be told: it is not a UCJ Monitor template and its "
    "column headers do not match a dataset. Choose the dataset and upload it again.":
        "Jenis data berkas ini tidak dapat dikenali: berkas ini bukan templat UCJ Monitor dan "
        "judul kolomnya tidak cocok dengan satu jenis data pun. Pilih jenis datanya lalu "
        "unggah lagi.",
    "This file holds %(dataset)s, which your role does not enter.":
        "Berkas ini berisi %(dataset)s, yang tidak diisi oleh peran Anda.",
    "template of": "templat periode",
    "Accepted: the .xlsx template, or a CSV file with the same column headers (comma or "
    "semicolon); the dataset is recognised from the file. Numbers may be written 1.234.567 or "
    "Rp 1.234.567; region codes 52.03 or 5203.":
        "Diterima: templat .xlsx, atau berkas CSV dengan judul kolom yang sama (koma atau titik "
        "koma); jenis data dikenali dari berkasnya. Angka boleh ditulis 1.234.567 atau "
        "Rp 1.234.567; kode wilayah 52.03 atau 5203.",
}
