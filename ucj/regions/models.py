from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


# Depth of each level in a Kemendagri code: 52 / 52.03 / 52.03.01 / 52.03.01.2001
LEVEL_DEPTH = {Level.PROVINCE: 1, Level.REGENCY: 2, Level.DISTRICT: 3, Level.VILLAGE: 4}


class Region(models.Model):
    """A node of the administrative tree, keyed by its Kemendagri code.

    The code is hierarchical (``52.03`` lies under ``52``), so "this region and everything
    below it" is ``code == c or code startswith c + "."`` — see ucj/regions/hierarchy.py.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # GeoJSON geometry (MultiPolygon, lng/lat) for maps: provinces and regencies (the national
    # master's map boundaries, or a province's own file; decisions 171–172).
    geometry = models.JSONField(_("boundary"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def short_name(self) -> str:
        """'Lombok Timur' for 'Kabupaten Lombok Timur'; cities keep 'Kota'."""
        prefix = "Kabupaten "
        return self.name[len(prefix):] if self.name.startswith(prefix) else self.name
