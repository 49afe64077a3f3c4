from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import views
from .sitemaps import SITEMAPS

app_name = "showcase"
urlpatterns = [
    path("", views.home, name="home"),
    path("produk/", views.catalogue, name="catalogue"),
    path("produk/<slug:slug>/", views.product, name="product"),
    path("usaha/<slug:slug>/", views.business, name="business"),
    path("usaha/<slug:slug>/paspor/", views.passport_page, name="passport"),
    path("usaha/<slug:slug>/paspor/kartu.pdf", views.passport_card, name="passport_card"),
    re_path(r"^kecamatan/(?P<code>\d{2}\.\d{2}\.\d{2})/$", views.district, name="district"),
    path("destinasi/", views.destinations, name="destinations"),
    path("destinasi/<slug:slug>/", views.destination, name="destination"),
    path("feed/produk.json", views.feed_json, name="feed_json"),
    path("feed/produk.csv", views.feed_csv, name="feed_csv"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        views.public(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "showcase:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        views.public(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
