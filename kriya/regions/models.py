from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/kelurahan")


# Kepmendagri codes: 35 / 35.13 / 35.13.01 / 35.13.01.2001
LEVEL_BY_LENGTH = {2: Level.PROVINCE, 5: Level.REGENCY, 8: Level.DISTRICT, 13: Level.VILLAGE}


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def level_of(code: str) -> int | None:
    return LEVEL_BY_LENGTH.get(len(code))


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def children_of(self, code: str | None):
        if not code:
            return self.provinces()
        return self.filter(parent_id=code)

    def within(self, code: str):
        """The region and everything below it (codes share the prefix)."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=code + "."))


class Region(models.Model):
    """An Indonesian administrative region from the Kepmendagri code list."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_constraint=False,
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self):
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        """Villages coded 1xxx are kelurahan (urban), 2xxx are desa."""
        return self.level == Level.VILLAGE and self.code.rsplit(".", 1)[1].startswith("1")

    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts) - 1)]
