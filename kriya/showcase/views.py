"""Public pages of the showcase. Each parses, calls the search or a named read, and
renders through `render_public` (ETag, Last-Modified, 304). None needs a login."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kriya.core.pagecache import cached_page

from . import contact, events, passport, queries, seo
from .caching import latest, render_public
from .forms import CatalogueForm
from .search import Filters, Page, SearchQuery, changed_at, search

FEATURED = 8
PAGE_SIZE = 24


# What every showcase page may show: products, their businesses and badges, places.
SHOWS = ("catalogue", "product", "business", "certificate", "place")


def public(view):
    """Public, read-only: GET and HEAD without a login."""
    return login_not_required(require_safe(view))


def public_page(view):
    """A public page: also served to anonymous visitors from the page cache
    (kriya.core.pagecache), fresh after every write to what it shows."""
    return public(cached_page(*SHOWS)(view))


def _meta(request, title, description, *, image="", kind="website", noindex=False) -> dict:
    """Title, description and Open Graph facts of a page; the canonical URL is the
    page without its query string."""
    return {
        "title": title,
        "description": description,
        "url": request.build_absolute_uri(request.path),
        "image": image,
        "type": kind,
        "noindex": noindex,
    }


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        return 1


def _changed(products, *more):
    """Last-Modified of a page listing `products`: the catalogue's own change time
    covers products that left it; the rows shown cover the rest."""
    return latest(
        changed_at(),
        *(p.updated_at for p in products),
        *(p.business.updated_at for p in products),
        *more,
    )


def _seller_contact(business, url, *, product=None) -> contact.SellerContact:
    """The seller's WhatsApp and phone; the regency office's (one more query) only when
    the seller left no mobile number."""
    office = None if contact.whatsapp_number(business.phone) else queries.regency_office(business)
    return contact.seller_contact(business, url, product=product, office=office)


@public_page
def home(request):
    result = search(SearchQuery(sort="newest"), limit=FEATURED)
    featured = queries.products_by_ids(result.ids)
    districts = list(queries.districts_with_products())
    context = {
        "featured": featured,
        "districts": districts,
        "destinations": list(queries.destinations()),
        "events": events.upcoming_events(),
        "form": CatalogueForm(districts=districts),
        "meta": _meta(
            request,
            _("Etalase produk kerajinan dan batik"),
            _(
                "Produk kerajinan dan batik dari usaha terverifikasi: cari, saring per "
                "kecamatan, dan hubungi perajinnya langsung."
            ),
        ),
        "jsonld": seo.website_jsonld(
            request.build_absolute_uri(reverse("showcase:home")),
            request.build_absolute_uri(reverse("showcase:catalogue")),
        ),
    }
    return render_public(request, "showcase/home.html", context, last_modified=_changed(featured))


@public_page
def catalogue(request):
    districts = list(queries.districts_with_products())
    form = CatalogueForm(request.GET, districts=districts)
    query = form.search_query()
    result = search(query)
    page = result.page(_page_number(request), PAGE_SIZE)
    products = queries.products_by_ids(page.ids)
    params = request.GET.copy()
    params.pop("halaman", None)
    context = {
        "form": form,
        "query": query,
        "result": result,
        "page": page,
        "products": products,
        "params": params.urlencode(),
        "district_names": {d.code: d.name for d in districts},
        "empty_hint": "" if result.ids else empty_message(query),
        "meta": _meta(
            request,
            _("Cari “%(q)s”") % {"q": query.text} if query.text else _("Katalog produk"),
            _("Katalog produk kerajinan dan batik dari usaha terverifikasi."),
            noindex=bool(query.text or query.filters.active or page.number > 1),
        ),
    }
    return render_public(
        request, "showcase/catalogue.html", context, last_modified=_changed(products)
    )


@public_page
def product(request, slug):
    item = queries.public_product(slug)
    business = item.business
    url = request.build_absolute_uri(reverse("showcase:product", args=[item.slug]))
    business_url = request.build_absolute_uri(reverse("showcase:business", args=[business.slug]))
    photos = list(item.photos.all())
    images = [request.build_absolute_uri(p.image.url) for p in photos]
    context = {
        "product": item,
        "business": business,
        "photos": photos,
        "url": url,
        "contact": _seller_contact(business, url, product=item),
        "share": contact.share_links(url, item.name),
        "qr": seo.qr_svg(url),
        "places": seo.place_words(business),
        "jsonld": seo.product_jsonld(
            item, url, business_url=business_url, images=images, badges=item.badges
        ),
        "meta": _meta(
            request,
            item.name,
            seo.product_description(item),
            image=images[0] if images else "",
            kind="product",
        ),
    }
    return render_public(
        request,
        "showcase/product.html",
        context,
        last_modified=latest(item.updated_at, business.updated_at, *(p.created_at for p in photos)),
    )


@public_page
def business(request, slug):
    shop = queries.public_business(slug)
    paginator = Paginator(queries.business_products(shop), PAGE_SIZE)
    found = paginator.get_page(_page_number(request))
    products = queries.with_badges(list(found.object_list))
    page = Page(ids=[], number=found.number, pages=paginator.num_pages, size=PAGE_SIZE)
    url = request.build_absolute_uri(reverse("showcase:business", args=[shop.slug]))
    context = {
        "business": shop,
        "page": page,
        "products": products,
        "url": url,
        "places": seo.place_words(shop),
        "map_link": contact.map_link(shop.latitude, shop.longitude),
        "contact": _seller_contact(shop, url),
        "share": contact.share_links(url, shop.name),
        "events": events.upcoming_events_of_business(shop.pk),
        "jsonld": seo.business_jsonld(shop, url, badges=shop.badges),
        "meta": _meta(
            request,
            shop.name,
            _("%(sector)s di %(place)s. Lihat produk dan hubungi langsung.")
            % {"sector": shop.get_sector_display(), "place": ", ".join(seo.place_words(shop)[1:])},
            noindex=page.number > 1,
        ),
    }
    return render_public(
        request,
        "showcase/business.html",
        context,
        last_modified=latest(shop.updated_at, *(p.updated_at for p in products)),
    )


@public
@cached_page(*SHOWS, "verification")  # test reports are registered documents
def passport_page(request, slug):
    """The compliance passport: every live credential of a verified business."""
    shop = queries.public_business(slug)
    credentials = passport.credentials_of(shop)
    context = {
        "business": shop,
        "credentials": credentials,
        "url": passport.passport_url(shop),
        "qr_svg": mark_safe(passport.qr_svg(passport.passport_url(shop))),  # noqa: S308 (segno's own SVG)
        "meta": _meta(
            request,
            _("Paspor kepatuhan %(name)s") % {"name": shop.name},
            _("Sertifikat dan hasil uji %(name)s yang masih berlaku, dalam satu halaman.")
            % {"name": shop.name},
        ),
    }
    # No Last-Modified: a certificate's suspension changes the page, not the business.
    return render_public(request, "showcase/passport.html", context)


@public
def passport_card(request, slug):
    """The passport's QR as a printable A6 card (PDF) for a stall or a shop window."""
    shop = queries.public_business(slug)
    pdf = passport.card_pdf(shop, passport.credentials_of(shop))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="paspor-{shop.slug}.pdf"'
    return response


def _district_products(request, code):
    result = search(SearchQuery(filters=Filters(district=code), sort="newest"))
    page = result.page(_page_number(request), PAGE_SIZE)
    return result, page, queries.products_by_ids(page.ids)


@public_page
def district(request, code):
    place = queries.public_district(code)
    result, page, products = _district_products(request, place.code)
    businesses = queries.district_businesses(place.code)
    context = {
        "district": place,
        "result": result,
        "page": page,
        "products": products,
        "businesses": businesses,
        "destinations": [d for d in queries.destinations() if d.district_id == place.code],
        "events": events.upcoming_events_in_district(place.code),
        "meta": _meta(
            request,
            _("Kecamatan %(name)s") % {"name": place.name},
            _("Usaha dan produk kerajinan dan batik di Kecamatan %(name)s, %(regency)s.")
            % {"name": place.name, "regency": place.parent.name if place.parent else ""},
            noindex=page.number > 1,
        ),
    }
    return render_public(
        request,
        "showcase/district.html",
        context,
        last_modified=_changed(products, *(b.updated_at for b in businesses)),
    )


@public_page
def destinations(request):
    items = list(queries.destinations())
    return render_public(
        request,
        "showcase/destinations.html",
        {
            "destinations": items,
            "meta": _meta(
                request,
                _("Destinasi wisata"),
                _("Kerajinan dan batik dari perajin di sekitar destinasi wisata."),
            ),
        },
        last_modified=latest(*(d.updated_at for d in items)),
    )


@public_page
def destination(request, slug):
    place = queries.public_destination(slug)
    result, page, products = _district_products(request, place.district_id)
    context = {
        "destination": place,
        "result": result,
        "page": page,
        "products": products,
        "events": events.upcoming_events_in_district(place.district_id),
        "meta": _meta(
            request,
            place.name,
            _("Kerajinan dan batik dari perajin di Kecamatan %(name)s, sekitar %(place)s.")
            % {"name": place.district.name, "place": place.name},
            noindex=page.number > 1,
        ),
    }
    return render_public(
        request,
        "showcase/destination.html",
        context,
        last_modified=_changed(products, place.updated_at),
    )


@public
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {p}" for p in ("/admin/", "/akun/", "/api/", "/i18n/")),
        f"Sitemap: {request.build_absolute_uri(reverse('showcase:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def empty_message(query: SearchQuery) -> str:
    if query.text and query.filters.active:
        return _("Coba kata yang lebih umum, periksa ejaannya, atau hapus sebagian filter.")
    if query.text:
        return _("Coba kata yang lebih umum atau periksa ejaannya.")
    return _("Coba hapus sebagian filter.")


# --- Product feed (feed.py) ------------------------------------------------------------


def _feed_params(request):
    """(updated_since, page, size) from the query string, or an error message."""
    from django.utils import timezone
    from django.utils.dateparse import parse_date, parse_datetime

    from .feed import MAX_PAGE_SIZE, PAGE_SIZE

    raw = request.GET.get("updated_since", "").strip()
    since = None
    if raw:
        try:
            since = parse_datetime(raw.replace(" ", "+"))
            if since is None and (day := parse_date(raw)) is not None:
                since = datetime.combine(day, datetime.min.time())
        except ValueError:
            since = None
        if since is None:
            return None, _(
                "updated_since harus berupa tanggal ISO 8601, misalnya 2026-12-01T00:00:00+07:00."
            )
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
    try:
        page = int(request.GET.get("page", "1"))
        size = int(request.GET.get("page_size", str(PAGE_SIZE)))
    except ValueError:
        return None, _("page dan page_size harus berupa bilangan bulat.")
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        return None, _("page mulai dari 1; page_size 1 sampai %(max)s.") % {"max": MAX_PAGE_SIZE}
    return (since, page, size), ""


def _next_url(request, result) -> str | None:
    if result.page >= result.pages:
        return None
    query = request.GET.copy()
    query["page"] = str(result.page + 1)
    return settings.KRIYA_PUBLIC_URL + request.path + "?" + query.urlencode()


@public_page
def feed_json(request):
    from .feed import feed_page

    params, error = _feed_params(request)
    if params is None:
        return JsonResponse({"detail": str(error)}, status=400)
    since, page, size = params
    result = feed_page(updated_since=since, page=page, size=size)
    return JsonResponse(
        {
            "updated_since": since.isoformat() if since else None,
            "page": result.page,
            "pages": result.pages,
            "count": result.count,
            "next": _next_url(request, result),
            "items": result.items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public_page
def feed_csv(request):
    import csv
    import io

    from .feed import CSV_COLUMNS, csv_row, feed_page

    params, error = _feed_params(request)
    if params is None:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    since, page, size = params
    result = feed_page(updated_since=since, page=page, size=size)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in result.items:
        writer.writerow(csv_row(item))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kriya-produk.csv"'
    if (next_url := _next_url(request, result)) is not None:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response
