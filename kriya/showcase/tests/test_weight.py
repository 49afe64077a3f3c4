"""Light on a cheap phone: the first view of /produk/ stays under 200 KB, thumbnails are
lazy with their size set, and no web fonts are loaded."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from kriya.registry.models import ProductPhoto

BUDGET = 200 * 1024


def static_assets(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="/static/([^"?#]+)"', html)


def test_first_view_of_the_catalogue_is_under_200_kb(client, shop, add_product):
    for i in range(30):  # more than a page: a full first view
        product = add_product(
            shop,
            name=f"Kain batik tulis motif letusan Gunung Bromo nomor {i}",
            description="Kain katun primisima, pewarna alam. " * 20,
        )
        ProductPhoto.objects.create(
            product=product, image=f"produk/{i}.webp", thumbnail=f"thumb/{i}.webp",
            width=1200, height=900,
        )  # fmt: skip
    html = client.get("/produk/").content
    assets = static_assets(html.decode())
    assert "kriya/kriya.css" in assets
    sizes = {path: finders.find(path) for path in assets}
    assert all(sizes.values()), sizes
    total = len(html) + sum(Path(p).stat().st_size for p in sizes.values())
    print(f"first view: {total} bytes (HTML {len(html)}), assets {assets}")
    assert total < BUDGET, f"{total} bytes: HTML {len(html)}, assets {assets}"


def test_thumbnails_are_lazy_with_width_and_height(client, shop, add_product):
    product = add_product(shop)
    ProductPhoto.objects.create(product=product, image="produk/a.webp", thumbnail="thumb/a.webp")
    html = client.get("/produk/").text
    main = html.split("<main", 1)[1]  # the header's mark is an image too
    [img] = re.findall(r"<img [^>]*>", main)
    assert 'loading="lazy"' in img and 'width="320"' in img and 'height="320"' in img
    assert 'src="/media/thumb/a.webp"' in img


def test_no_web_fonts_are_loaded(client, product):
    html = client.get("/produk/").text
    for path in ("kriya/kriya.css", "kriya/vendor/pico.min.css"):
        css = Path(finders.find(path)).read_text()
        assert "@font-face" not in css and "@import" not in css, path
    assert "fonts.googleapis" not in html and ".woff" not in html
