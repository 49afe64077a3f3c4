"""The showcase's own data: the catalogue index (derived from the registry, rebuilt at
will), its vocabulary, a change marker for HTTP caching, and tourist destinations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kriya.regions.models import Region


class CatalogueEntry(models.Model):
    """One public product as the catalogue searches it: published, of a verified business.

    Written only by `kriya.showcase.search` (index_product / reindex_business), called
    from the registry's services. The database-specific full-text structures hang off
    this table: an FTS5 table `showcase_fts` (SQLite) or a generated `search_vector`
    column with a GIN index (PostgreSQL); see migration 0002. `title`, `body` and
    `tags` hold normalised words (kriya.showcase.words); tags are filter tokens.
    """

    # No database constraints: a product deleted without telling the index leaves its row
    # behind, which `index_product` (or `rebuild`) then removes with its FTS5 row and
    # word counts; pages never show it, as they fetch through Product.objects.public().
    product = models.OneToOneField(
        "registry.Product",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    district = models.ForeignKey(
        Region, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sector = models.CharField(max_length=30)
    technique = models.CharField(max_length=12, blank=True)
    price = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField()
    tags = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["district", "product"], name="showcase_entry_district"),
            models.Index(fields=["sector", "product"], name="showcase_entry_sector"),
            models.Index(fields=["technique", "product"], name="showcase_entry_technique"),
            models.Index(fields=["price", "product"], name="showcase_entry_price"),
            models.Index(fields=["business"], name="showcase_entry_business"),
        ]

    def __str__(self):
        return f"entry {self.product_id}"


class FeedItem(models.Model):
    """When a product last changed as the product feed shows it (kriya/showcase/feed.py),
    and whether it is still public: the feed's `updated_since` reads it, and a product
    that left the catalogue stays here as a removal. Written by `search._reindex`, which
    every change of a product, its business or its certificates goes through."""

    product_id = models.BigIntegerField(primary_key=True)
    changed_at = models.DateTimeField(db_index=True)
    removed = models.BooleanField(default=False)

    def __str__(self):
        return f"feed {self.product_id}"


class SearchWord(models.Model):
    """The vocabulary of the catalogue index with document counts, kept exact by the
    index writes. Typo, missing-space and prefix checks look words up here."""

    word = models.CharField(max_length=40, primary_key=True)
    doc_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class CatalogueDistrict(models.Model):
    """How many public products each district (kecamatan) has, kept exact by the index
    writes: the district lists of the pages read this small table instead of probing
    the index once for every district of the country."""

    district = models.OneToOneField(
        Region,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    product_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.district_id}: {self.product_count}"


class CatalogueState(models.Model):
    """A single row whose `changed_at` moves on every index write: the Last-Modified of
    pages that list products, so that a product leaving the catalogue is a change too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"catalogue changed at {self.changed_at}"


class Destination(models.Model):
    """A tourist destination; its page shows the products of its district
    (e.g. Gunung Bromo → Kecamatan Sukapura). Seeded from reference.yaml, edited in admin."""

    name = models.CharField(_("nama destinasi"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},
        verbose_name=_("kecamatan"),
    )
    description = models.TextField(_("keterangan"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("tampilkan"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("destinasi wisata")
        verbose_name_plural = _("destinasi wisata")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("showcase:destination", args=[self.slug])
