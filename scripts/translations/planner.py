"""Indonesian translations of the budget calculator (issue 5).

    scripts/update-messages $PWD/scripts/translations/planner.py
"""

T = {
    "a coverage target": "target cakupan",
    "a number of workers": "jumlah pekerja",
    "a budget": "anggaran",
    "First month paid": "Bulan pertama dibayar",
    "Start from": "Mulai dari",
    "Workers to fund": "Pekerja yang dibiayai",
    "Budget (Rp)": "Anggaran (Rp)",
    "Budget calculator": "Kalkulator anggaran",
    "Months paid": "Bulan dibayar",
    "from month": "mulai bulan",
    "Contribution per worker per month": "Iuran per pekerja per bulan",
    "Cost per month": "Biaya per bulan",
    "Total cost": "Biaya total",
    "left over": "sisa",
    "Coverage now": "Cakupan saat ini",
    "Coverage reached": "Cakupan yang dicapai",
    "Rounding rules": "Aturan pembulatan",
    "APBD murni (from January)": "APBD murni (mulai Januari)",
    "APBD perubahan (from a start month)": "APBD perubahan (mulai bulan tertentu)",
    "For APBD perubahan, e.g. 10 for October.": "Untuk APBD perubahan, mis. 10 untuk Oktober.",
    "weight": "bobot",
    "Fill this in for the chosen starting point.": "Isi ini untuk titik awal yang dipilih.",
    "What reaching a target costs, and what a budget buys, for one region, year and budget "
    "stage, at the contribution in force.":
        "Berapa biaya untuk mencapai target, dan apa yang dapat dibiayai suatu anggaran, untuk "
        "satu daerah, tahun dan tahap anggaran, dengan iuran yang berlaku.",
    "Split over funding sources (weights; empty: the region's own APBD)":
        "Pembagian per sumber dana (bobot; kosong: APBD daerah sendiri)",
    "Calculate": "Hitung",
    "Result": "Hasil",
    "Fewer than 3 months: a BPU participant who dies in the first 3 months of membership "
    "receives Rp 10 million instead of Rp 42 million. Plan continuous blocks.":
        "Kurang dari 3 bulan: peserta BPU yang meninggal dalam 3 bulan pertama kepesertaan "
        "menerima Rp 10 juta, bukan Rp 42 juta. Rencanakan blok yang bersambung.",
    "There is a gap between the months the APBD murni allocation pays and this stage: coverage "
    "lapses in between.":
        "Ada jeda antara bulan yang dibayar alokasi APBD murni dan tahap ini: kepesertaan "
        "terputus di antaranya.",
    "Choose a region, a stage and a starting point.":
        "Pilih daerah, tahap dan titik awal.",
    "Workers to reach a target are rounded up: a fraction of a worker still has to be covered.":
        "Pekerja untuk mencapai target dibulatkan ke atas: pecahan pekerja tetap harus dicakup.",
    "Workers a budget buys are rounded down: a fraction of a worker cannot be paid for; the rest "
    "is shown as left over.":
        "Pekerja yang dapat dibiayai anggaran dibulatkan ke bawah: pecahan pekerja tidak dapat "
        "dibayar; sisanya ditampilkan sebagai sisa.",
    "Money is in whole Rupiah. A split over funding sources gives each its share; the Rupiah "
    "left by rounding go to the largest fractions, so the parts add up exactly to the total.":
        "Uang dalam Rupiah utuh. Pembagian per sumber dana memberi tiap sumber bagiannya; Rupiah "
        "sisa pembulatan diberikan ke pecahan terbesar, sehingga jumlah bagian tepat sama dengan "
        "total.",
}
