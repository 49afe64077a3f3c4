"""sitemap.xml: the public pages search engines should know (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kriya.registry.models import Business, Product

from . import queries


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["showcase:home", "showcase:catalogue", "showcase:destinations"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Product.objects.public().order_by("pk").only("slug", "updated_at")

    def location(self, item):
        return reverse("showcase:product", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class BusinessSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Business.objects.verified().order_by("pk").only("slug", "updated_at")

    def location(self, item):
        return reverse("showcase:business", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class DistrictSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return queries.districts_with_products().order_by("code")

    def location(self, item):
        return reverse("showcase:district", args=[item.code])


class DestinationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return queries.destinations().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "halaman": PagesSitemap,
    "produk": ProductSitemap,
    "usaha": BusinessSitemap,
    "kecamatan": DistrictSitemap,
    "destinasi": DestinationSitemap,
}
