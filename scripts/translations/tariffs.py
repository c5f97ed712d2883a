"""Indonesian translations of the tariffs page (tariffs as dated data, editable by the province
admin), and of the tariff model labels it shows that were still untranslated.

    scripts/update-messages $PWD/scripts/translations/tariffs.py
"""

T = {
    "Tariffs": "Tarif iuran",
    "Contribution tariffs": "Tarif iuran",
    "Contribution packages": "Paket iuran",
    "What each contribution package costs per worker per month, from which date, on which legal "
    "basis and from which source. Check the text of a regulation before treating a value as "
    "legally binding.":
        "Besaran iuran setiap paket per pekerja per bulan, tanggal mulai berlakunya, dasar "
        "hukumnya, dan sumbernya. Periksa naskah peraturan sebelum suatu nilai dijadikan dasar "
        "hukum yang mengikat.",
    "A new rate applies from its start date only. Past calculations are not rewritten: budget "
    "allocations store their amounts, and saved scenarios of the budget calculator store the "
    "tariff they used.":
        "Tarif baru hanya berlaku sejak tanggal mulainya. Perhitungan terdahulu tidak diubah: "
        "alokasi anggaran menyimpan jumlahnya sendiri, dan skenario kalkulator anggaran yang "
        "disimpan mencatat tarif yang dipakainya.",
    "In force on %(date)s:": "Berlaku pada %(date)s:",
    "No rate in force today": "Tidak ada tarif yang berlaku hari ini",
    "Rates": "Tarif",
    "Valid until": "Berlaku sampai",
    "in force today": "berlaku hari ini",
    "open-ended": "tanpa batas akhir",
    "No rates yet.": "Belum ada tarif.",
    "Discounts": "Diskon",
    "Discount": "Diskon",
    "Contributions from APBN/APBD": "Iuran dari APBN/APBD",
    "applies to contributions from APBN/APBD": "berlaku untuk iuran dari APBN/APBD",
    "does not apply to contributions from APBN/APBD": "tidak berlaku untuk iuran dari APBN/APBD",
    "No discounts.": "Tidak ada diskon.",
    "Edit the rate valid from %(date)s": "Ubah tarif yang berlaku mulai %(date)s",
    "Edit the discount valid from %(date)s": "Ubah diskon yang berlaku mulai %(date)s",
    "Add a rate": "Tambah tarif",
    "Add a discount": "Tambah diskon",
    "Save the new rate": "Simpan tarif baru",
    "Save the new discount": "Simpan diskon baru",
    "Without an end date, the new period replaces the open-ended one that started earlier: that "
    "one ends on the day before. Any other overlap is refused.":
        "Tanpa tanggal akhir, periode baru menggantikan periode tanpa batas akhir yang dimulai "
        "lebih awal: periode tersebut berakhir sehari sebelumnya. Tumpang tindih lainnya ditolak.",
    "New rate": "Tarif baru",
    "Edit rate": "Ubah tarif",
    "New discount": "Diskon baru",
    "Edit discount": "Ubah diskon",
    "Valid from %(date)s.": "Berlaku mulai %(date)s.",
    "A correction changes what later calculations use; past calculations are not rewritten.":
        "Perbaikan mengubah nilai yang dipakai perhitungan berikutnya; perhitungan terdahulu "
        "tidak diubah.",
    "Saved: %(package)s, valid from %(date)s.": "Tersimpan: %(package)s, berlaku mulai %(date)s.",
    "%(percent)s of the wage": "%(percent)s dari upah",
    # form fields
    "A fixed amount, e.g. 16.800 (BPU packages).": "Jumlah tetap, mis. 16.800 (paket BPU).",
    "Or a percentage of the wage, e.g. 9,6 (PU packages). Fill in one of the two.":
        "Atau persentase dari upah, mis. 9,6 (paket PU). Isi salah satu saja.",
    "Empty: open-ended.": "Kosongkan bila tanpa batas akhir.",
    "Leave unticked when the discount does not apply to contributions paid from APBN/APBD (as "
    "with PP 50/2025).":
        "Biarkan tidak dicentang bila diskon tidak berlaku untuk iuran yang dibayar dari "
        "APBN/APBD (seperti PP 50/2025).",
    "Use at most three decimals.": "Gunakan paling banyak tiga angka desimal.",
    # model labels (ucj/budget/models.py) shown on the page, not yet translated
    "percent of the monthly wage": "persentase dari upah sebulan",
    "discount (%)": "diskon (%)",
    "applies to contributions paid from APBN/APBD":
        "berlaku untuk iuran yang dibayar dari APBN/APBD",
    # services
    "This period overlaps the rate valid %(period)s. Change the dates, or first change that "
    "rate.":
        "Periode ini tumpang tindih dengan tarif yang berlaku %(period)s. Ubah tanggalnya, atau "
        "ubah dahulu tarif tersebut.",
    "This period overlaps the discount valid %(period)s. Change the dates, or first change that "
    "discount.":
        "Periode ini tumpang tindih dengan diskon yang berlaku %(period)s. Ubah tanggalnya, atau "
        "ubah dahulu diskon tersebut.",
    "from %(start)s, open-ended": "mulai %(start)s, tanpa batas akhir",
    "%(start)s to %(end)s": "%(start)s s.d. %(end)s",
    "Ended by the new period from %(date)s.": "Diakhiri oleh periode baru mulai %(date)s.",
}

PLURALS = {}
