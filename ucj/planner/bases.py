"""The legal and budgeting bases a BPKAD attaches to a budget line for workers' social
security (issue 17): the contribution regulations as amended, and the bases of budgeting it
from each fund. Only what was checked against a text is cited by number and article; a base
whose number for the year was not checked is named by its subject, for the region to complete.

Checked (see docs/decisions.md): Inpres 2/2021 (25 March 2021), Diktum PERTAMA and its instructions:
governors and regents/mayors allocate budget for the Jamsostek programme; PP 45/2015 Pasal 28–29 (JP
contribution and wage cap); PP 50/2025 Pasal 4 ayat (1) (as quoted by BPJS Ketenagakerjaan);
the APBD guidelines for 2022 (Permendagri 27/2021) and 2023 (Permendagri 84/2022) budget
Jamsostek for non-ASN, election and vulnerable workers."""

from __future__ import annotations

from django.utils.translation import gettext as _

# fiscal year → the Permendagri on the APBD guidelines of that year, where checked
APBD_GUIDELINES = {2022: "Permendagri 27/2021", 2023: "Permendagri 84/2022"}


def budgeting_bases(*, year: int, sources: list[str]) -> list[str]:
    """What a budget line of ``year`` paid from ``sources`` (funding source codes) rests on."""
    bases = [
        "UU 40/2004 tentang Sistem Jaminan Sosial Nasional; UU 24/2011 tentang BPJS",
        "PP 44/2015 tentang Penyelenggaraan Program JKK dan JKM, sebagaimana telah diubah "
        "terakhir dengan PP 49/2023",
        _("Instruksi Presiden 2/2021 on optimising the Jamsostek programme: governors and "
          "regents/mayors allocate budget for it"),
    ]
    guideline = APBD_GUIDELINES.get(year)
    bases.append(_("%(regulation)s on the guidelines for the APBD of %(year)s") % {
        "regulation": guideline, "year": year} if guideline else _(
        "the Permendagri on the guidelines for the APBD of %(year)s (enter its number)") % {
        "year": year})
    if "dbhcht" in sources:
        bases.append(_("the PMK on the use of the DBH Cukai Hasil Tembakau in force (social "
                       "security for workers is one of its uses; enter its number)"))
    if "dana_desa" in sources:
        bases.append(_("the Permendes PDTT on the priorities for the use of the Dana Desa of "
                       "%(year)s (enter its number)") % {"year": year})
    return bases
