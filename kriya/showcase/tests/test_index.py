"""The catalogue index follows the registry's writes: only public products, fresh words,
an exact vocabulary, and a full rebuild that agrees with the incremental updates."""

from kriya.registry import services
from kriya.registry.models import Product
from kriya.showcase import search
from kriya.showcase.models import CatalogueEntry, CatalogueState, SearchWord
from kriya.showcase.search import SearchQuery

from .factories import make_business


def ids(text=""):
    return search.search(SearchQuery(text=text)).ids


def counts():
    return dict(SearchWord.objects.values_list("word", "doc_count"))


def test_only_published_products_of_verified_businesses_are_indexed(
    make_user, regions, shop, add_product
):
    shown = add_product(shop, name="Kain batik tulis")
    add_product(shop, name="Kain batik draf", is_published=False)
    draft_business = make_business(make_user("draf@example.test"), name="Usaha Draf")
    add_product(draft_business, name="Kain batik usaha draf")
    assert list(CatalogueEntry.objects.values_list("pk", flat=True)) == [shown.pk]
    assert ids("batik") == [shown.pk]


def test_publishing_and_unpublishing_a_product_follow_at_once(shop, owner, add_product):
    product = add_product(shop, name="Selendang sutra", is_published=False)
    assert ids("selendang") == []
    services.update_product(product=product, data={"is_published": True}, by=owner)
    assert ids("selendang") == [product.pk]
    services.update_product(product=product, data={"is_published": False}, by=owner)
    assert ids("selendang") == []


def test_renaming_a_product_replaces_its_words(shop, owner, add_product):
    product = add_product(shop, name="Selendang sutra")
    services.update_product(product=product, data={"name": "Kemeja sutra"}, by=owner)
    assert ids("selendang") == [] and ids("kemeja") == [product.pk]
    assert "selendang" not in counts()
    assert counts()["kemeja"] == 1


def test_suspending_and_reinstating_a_business_hides_and_shows_its_products(
    shop, officer, add_product
):
    product = add_product(shop, name="Selendang sutra")
    services.transition_business(business=shop, action="suspend", by=officer, reason="Izin")
    assert ids("selendang") == [] and not CatalogueEntry.objects.exists()
    services.transition_business(business=shop, action="reinstate", by=officer)
    assert ids("selendang") == [product.pk]


def test_renaming_a_business_sends_it_to_reverification_and_out_of_the_index(
    shop, owner, add_product
):
    add_product(shop, name="Selendang sutra")
    services.update_business(business=shop, data={"name": "Batik Prabu Baru"}, by=owner)
    assert ids("selendang") == []


def test_the_vocabulary_counts_documents_exactly(shop, owner, add_product):
    first = add_product(shop, name="Kain batik tulis", motif="anggur")
    add_product(shop, name="Kain batik cap", technique="cap", motif="")
    words = counts()
    assert words["kain"] == 2 and words["anggur"] == 1 and words["tulis"] == 1
    services.update_product(product=first, data={"is_published": False}, by=owner)
    words = counts()
    assert words["kain"] == 1 and "anggur" not in words


def test_the_district_counter_follows_the_index(make_user, officer, shop, owner, add_product):
    from kriya.showcase.models import CatalogueDistrict
    from kriya.showcase.queries import districts_with_products

    first = add_product(shop, name="Kain batik tulis")
    add_product(shop, name="Kain batik cap", technique="cap")
    bromo = make_business(
        make_user("bromo@example.test"), officer=officer, name="Batik Bromo",
        village_id="35.13.01.2001",
    )  # fmt: skip
    add_product(bromo, name="Selendang Tengger")
    counted = dict(CatalogueDistrict.objects.values_list("district_id", "product_count"))
    assert counted == {"35.13.20": 2, "35.13.01": 1}
    assert [d.name for d in districts_with_products()] == ["Paiton", "Sukapura"]
    services.update_product(product=first, data={"is_published": False}, by=owner)
    services.transition_business(business=bromo, action="suspend", by=officer, reason="Izin")
    counted = dict(CatalogueDistrict.objects.values_list("district_id", "product_count"))
    assert counted == {"35.13.20": 1}
    assert [d.name for d in districts_with_products()] == ["Paiton"]
    search.rebuild()
    assert dict(CatalogueDistrict.objects.values_list("district_id", "product_count")) == counted


def test_every_index_write_moves_the_catalogue_change_time(shop, owner, add_product):
    product = add_product(shop, name="Kain batik tulis")
    before = CatalogueState.objects.get().changed_at
    services.update_product(product=product, data={"price": 400_000}, by=owner)
    assert CatalogueState.objects.get().changed_at > before


def test_a_rebuild_gives_the_same_index_as_the_incremental_writes(shop, add_product):
    add_product(shop, name="Kain batik tulis motif anggur")
    add_product(shop, name="Mukena bordir", sector="bordir", technique="", motif="")
    add_product(shop, name="Kain draf", is_published=False)
    entries = sorted(CatalogueEntry.objects.values_list("pk", "title", "body", "tags", "price"))
    words = counts()
    assert search.rebuild() == 2
    assert sorted(CatalogueEntry.objects.values_list("pk", "title", "body", "tags", "price")) == (
        entries
    )
    assert counts() == words
    assert set(ids("kain")) == set(Product.objects.public().values_list("pk", flat=True))


def test_a_product_deleted_behind_the_index_is_cleaned_up_by_index_product(
    client, shop, add_product
):
    product = add_product(shop, name="Selendang sutra")
    Product.objects.filter(pk=product.pk).delete()
    assert ids("selendang") == [product.pk]  # the index is stale…
    assert "Selendang sutra" not in client.get("/produk/?q=selendang").text  # …the page is not
    search.index_product(product)
    assert ids("selendang") == [] and "selendang" not in counts()
