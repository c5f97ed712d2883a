"""Indonesian translations of coverage by segment and of informal workers (issue 16, item 7).

    flock /tmp/ucj-messages.lock scripts/update-messages $PWD/scripts/translations/segments.py
"""

T = {
    "Participation by segment, %(month)s": "Kepesertaan per segmen, %(month)s",
    "Share of all active": "Porsi dari seluruh peserta aktif",
    "All segments": "Semua segmen",
    "Coverage of informal workers": "Cakupan pekerja informal",
    "BPU active ÷ informal workers %(year)s": "peserta BPU aktif ÷ pekerja informal %(year)s",
    "BPU active ÷ informal workers": "peserta BPU aktif ÷ pekerja informal",
    "%(bpu)s BPU participants of %(informal)s informal workers":
        "%(bpu)s peserta BPU dari %(informal)s pekerja informal",
    "no participation reported for the month.": "kepesertaan bulan ini belum dilaporkan.",
    "the number of informal workers of %(year)s or earlier is not stored.":
        "jumlah pekerja informal tahun %(year)s atau sebelumnya belum dicatat.",
    "Source: BPJS Ketenagakerjaan participation at the end of %(month)s (active participants "
    "by segment).":
        "Sumber: kepesertaan BPJS Ketenagakerjaan per akhir %(month)s (peserta aktif per "
        "segmen).",
    "Informal workers: the workforce denominators of %(year)s.":
        "Pekerja informal: data potensi tenaga kerja tahun %(year)s.",
    "Sum of the regencies and cities: %(n)s of %(of)s reported the month.":
        "Jumlah dari kabupaten/kota: %(n)s dari %(of)s kabupaten/kota melaporkan data bulan ini.",
    "Coverage of informal workers counts the %(n)s of %(of)s regencies and cities with both "
    "figures.":
        "Cakupan pekerja informal dihitung dari %(n)s dari %(of)s kabupaten/kota yang memiliki "
        "kedua angka.",
}
