"""The demo's drawn product photos: one for every technique and motif, the same every
time for the same product, and accepted by the upload path."""

from types import SimpleNamespace

import pytest
from PIL import ImageChops

from kriya.core.images import process_image
from kriya.registry.demo_photos import MOTIFS, PHOTO_SIZE, demo_photo, draw_product


def product(name="Kain batik tulis parang", **extra):
    fields = {"technique": "tulis", "motif": "parang rusak", "sector": "batik",
              "category": "kain", "dye": "natural", "pk": 1}  # fmt: skip
    fields.update(extra)
    return SimpleNamespace(name=name, **fields)


@pytest.mark.parametrize("motif", sorted(MOTIFS))
@pytest.mark.parametrize("technique", ["tulis", "cap", "kombinasi", "printing"])
def test_every_motif_is_drawn_in_every_technique(motif, technique):
    image = draw_product(product(f"Kain {motif}", motif=motif, technique=technique))
    assert image.size == (560, 560)
    assert len(image.getcolors(maxcolors=100_000) or range(100_001)) > 8  # a pattern


@pytest.mark.parametrize(
    ("sector", "category"), [("bordir", "kerudung"), ("tenun", "kain"), ("batik", "kemeja")]
)
def test_embroidery_weaving_and_garments(sector, category):
    technique = "cap" if sector == "batik" else ""
    image = draw_product(product(sector=sector, category=category, technique=technique))
    assert image.getbbox() is not None


def test_the_same_product_always_gets_the_same_picture_and_another_a_different_one():
    one = draw_product(product())
    assert ImageChops.difference(one, draw_product(product())).getbbox() is None
    other = draw_product(product("Kain batik cap kawung", technique="cap", motif="kawung"))
    assert ImageChops.difference(one, other).getbbox() is not None


def test_the_photo_goes_through_the_upload_path():
    processed = process_image(demo_photo(product()))
    assert (processed.width, processed.height) == (PHOTO_SIZE, PHOTO_SIZE)
    assert processed.image.name.endswith(".webp")


def test_a_colour_in_the_name_is_the_colour_of_the_cloth():
    indigo = draw_product(
        product("Kain batik cap kawung warna biru indigo", technique="cap", motif="kawung")
    )
    red = draw_product(
        product("Kain batik cap kawung warna merah marun", technique="cap", motif="kawung")
    )

    def blue_share(image):
        r, g, b = (sum(band.getdata()) for band in image.resize((40, 40)).split())
        return b / (r + g + b)

    assert blue_share(indigo) > blue_share(red) + 0.1
