"""Self-service pages: an owner (or a facilitator with consent) keeps a business and
its products. Every object is fetched through the access helpers, which answer 404
for what the user may not see and 403 for what they may not change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kriya.core.uploads import EXTENSION_OF, sniff

from .. import nib_check, queries, services
from ..access import (
    businesses_editable_by,
    can_facilitate,
    can_revoke_consent,
    get_business_for,
    get_consent_for,
    get_product_for,
    has_consent,
    is_owner_of,
)
from ..forms import (
    GrantConsentForm,
    InvitationForm,
    PhotoUploadForm,
    ProductForm,
)
from ..models import MAX_PRODUCT_PHOTOS, BusinessPhoto, BusinessStatus, ProductPhoto
from .common import apply_move, moves_for


def my_businesses(request):
    businesses = (
        businesses_editable_by(request.user)
        .select_related("village", "district", "regency")
        .order_by("name")
    )
    rows = [(b, is_owner_of(request.user, b)) for b in businesses]
    return render(
        request,
        "registry/my_businesses.html",
        {"rows": rows, "can_facilitate": can_facilitate(request.user)},
    )


def _task_list(business, products, photos) -> dict:
    """What is done and what is left for the business ("Profil usaha ✓ · Produk (2) ·
    Foto — belum"), and the one next step. Submitting is the lifecycle's button."""
    status = business.status
    n_products, n_photos = len(products), len(photos)
    tasks = [
        {
            "name": _("Profil usaha"),
            "url": reverse("registry:business_edit", args=[business.pk]),
            "state": "done",
            "status": _("Selesai"),
        },
        {
            "name": _("Produk (%(n)s)") % {"n": n_products},
            "url": reverse("registry:product_create", args=[business.pk]),
            "state": "done" if n_products else "todo",
            "status": _("Selesai") if n_products else _("Belum ada"),
        },
        {
            "name": _("Foto tempat usaha (%(n)s)") % {"n": n_photos},
            "url": "#photos-title",
            "state": "done" if n_photos else "optional",
            "status": _("Selesai") if n_photos else _("Tidak wajib"),
        },
    ]
    verification = {
        BusinessStatus.DRAFT: ("todo", _("Belum diajukan")),
        BusinessStatus.SUBMITTED: ("waiting", _("Menunggu petugas")),
        BusinessStatus.RETURNED: ("todo", _("Perlu diperbaiki")),
        BusinessStatus.VERIFIED: ("done", _("Terverifikasi")),
        BusinessStatus.SUSPENDED: ("todo", _("Dibekukan")),
    }[status]
    tasks.append(
        {
            "name": _("Verifikasi petugas kabupaten"),
            "url": "",
            "state": verification[0],
            "status": verification[1],
        }
    )
    if status in (BusinessStatus.DRAFT, BusinessStatus.RETURNED) and not n_products:
        next_step = {
            "text": _("Tambahkan produk pertama Anda: nama, teknik, harga dan fotonya."),
            "label": _("Tambah produk"),
            "url": reverse("registry:product_create", args=[business.pk]),
        }
    elif status == BusinessStatus.DRAFT:
        next_step = {
            "text": _(
                "Data usaha dan produk sudah ada. Ajukan verifikasi ke petugas dinas "
                "kabupaten; hasilnya tampil di halaman ini."
            ),
            "move": "submit",
        }
    elif status == BusinessStatus.RETURNED:
        next_step = {
            "text": _("Perbaiki data sesuai catatan petugas, lalu ajukan ulang."),
            "label": _("Perbaiki data usaha"),
            "url": reverse("registry:business_edit", args=[business.pk]),
        }
    elif status == BusinessStatus.SUBMITTED:
        next_step = {
            "text": _(
                "Tidak ada yang perlu Anda lakukan sekarang. Petugas dinas kabupaten "
                "memeriksa data Anda; hasilnya tampil di halaman ini."
            ),
        }
    elif status == BusinessStatus.VERIFIED:
        next_step = {
            "text": _(
                "Usaha Anda terverifikasi dan produk yang ditampilkan muncul di katalog. "
                "Tambah produk lain kapan saja."
            ),
            "label": _("Tambah produk"),
            "url": reverse("registry:product_create", args=[business.pk]),
        }
    else:
        next_step = {"text": _("Hubungi petugas dinas kabupaten untuk membuka pembekuan.")}
    return {"tasks": tasks, "next_step": next_step}


def _business_context(request, business, **extra):
    moves, needs_reason = moves_for(business, request.user)
    consents = list(business.consents.select_related("facilitator").order_by("-created_at"))
    for consent in consents:
        consent.may_revoke = consent.is_active and can_revoke_consent(request.user, consent)
    facilitating = has_consent(request.user, business)
    products = list(queries.products_of(business))
    photos = list(business.photos.all())
    context = {
        "business": business,
        "moves": moves,
        "needs_reason": needs_reason,
        "products": products,
        "photos": photos,
        "task_list": _task_list(business, products, photos),
        "photo_form": PhotoUploadForm(),
        "consents": consents,
        "is_owner": is_owner_of(request.user, business),
        "facilitating": facilitating,
        "has_owner": services.has_owner(business),
        "invitation_form": InvitationForm() if facilitating else None,
        "consent_form": GrantConsentForm() if is_owner_of(request.user, business) else None,
        "history": queries.history_of(business, limit=8),
        # Read only here; the owner takes OSS's values on "Ubah data usaha".
        "oss": nib_check.check_nib(business.nib, nib_check.values_of(business)),
        "suspension_reason": queries.last_reason(business, "business.suspend")
        if business.status == BusinessStatus.SUSPENDED
        else "",
    }
    context.update(extra)
    return context


def business_detail(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    if request.method == "POST":
        apply_move(request, business)
        return redirect("registry:business", pk=business.pk)
    return render(request, "registry/business_detail.html", _business_context(request, business))


def business_history(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    return render(
        request,
        "registry/history.html",
        {"business": business, "history": queries.history_of(business)},
    )


@require_POST
def business_photos(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_business_photos(
                business=business, images=form.cleaned_data["photos"], by=request.user
            )
            messages.success(request, _("Foto disimpan."))
            return redirect("registry:business", pk=business.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "registry/business_detail.html",
        _business_context(request, business, photo_form=form),
    )


@require_POST
def business_photo_remove(request, pk: int, photo: int):
    business = get_business_for(request.user, pk, edit=True)
    found = get_object_or_404(BusinessPhoto, pk=photo, business=business)
    services.remove_business_photo(photo=found, by=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect("registry:business", pk=business.pk)


# --- Products -----------------------------------------------------------------


def product_create(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    form = ProductForm(request.POST or None, initial={"sector": business.sector})
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_product(
                business=business, data=form.service_data(), by=request.user
            )
            messages.success(request, _("Produk ditambahkan. Tambahkan fotonya di sini."))
            return redirect("registry:product", pk=product.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "registry/product_form.html", {"form": form, "business": business})


def product_edit(request, pk: int):
    product = get_product_for(request.user, pk, edit=True)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(product=product, data=form.service_data(), by=request.user)
            messages.success(request, _("Perubahan produk disimpan."))
            return redirect("registry:product", pk=product.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "registry/product_form.html",
        {"form": form, "business": product.business, "product": product},
    )


# The words of the photo script (registry/photos.js), passed with json_script.
PHOTO_TEXTS = {
    "preparing": gettext_lazy("Memperkecil foto…"),
    "uploading": gettext_lazy("Mengunggah…"),
    "saved": gettext_lazy("Tersimpan"),
    "failed": gettext_lazy("Tidak tersimpan"),
    "network": gettext_lazy("Koneksi terputus; coba unggah foto ini lagi."),
    "none": gettext_lazy("Pilih foto yang akan diunggah."),
    "tooMany": gettext_lazy(
        "Produk ini hanya dapat menampung {left} foto lagi; pilih paling banyak {left} foto."
    ),
    "full": gettext_lazy("Produk ini sudah memiliki 8 foto; hapus foto lama untuk menambah."),
    "done": gettext_lazy("Tampilkan semua foto"),
}


def _product_page(request, product, photo_form=None):
    photos = list(product.photos.all())
    return render(
        request,
        "registry/product_detail.html",
        {
            "product": product,
            "business": product.business,
            "photos": photos,
            "photo_form": photo_form or PhotoUploadForm(),
            "photos_left": max(0, MAX_PRODUCT_PHOTOS - len(photos)),
            "photo_texts": PHOTO_TEXTS,
        },
    )


def product_detail(request, pk: int):
    product = get_product_for(request.user, pk, edit=True)
    return _product_page(request, product)


def _wants_json(request) -> bool:
    """The photo script (registry/photos.js) uploads one photo a request and asks for
    JSON; the plain form (no JavaScript) gets the page back."""
    return "application/json" in request.headers.get("Accept", "")


def _photo_errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


@require_POST
def product_photos(request, pk: int):
    product = get_product_for(request.user, pk, edit=True)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.add_product_photos(
                product=product, images=form.cleaned_data["photos"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if _wants_json(request):
                count = product.photos.count()
                return JsonResponse(
                    {
                        "ok": True,
                        "message": _("Foto disimpan."),
                        "photos": [{"id": p.pk, "thumbnail": p.thumbnail.url} for p in added],
                        "count": count,
                        "left": max(0, MAX_PRODUCT_PHOTOS - count),
                    },
                    status=201,
                )
            messages.success(request, _("Foto disimpan."))
            return redirect("registry:product", pk=product.pk)
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": _photo_errors(form)}, status=400)
    return _product_page(request, product, photo_form=form)


@require_POST
def product_photo_remove(request, pk: int, photo: int):
    product = get_product_for(request.user, pk, edit=True)
    found = get_object_or_404(ProductPhoto, pk=photo, product=product)
    services.remove_product_photo(photo=found, by=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect("registry:product", pk=product.pk)


# --- Consent -------------------------------------------------------------------


@require_POST
def consent_grant(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    if not is_owner_of(request.user, business):
        raise PermissionDenied
    form = GrantConsentForm(request.POST)
    if form.is_valid():
        try:
            consent = services.grant_consent(
                business=business, facilitator_email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Persetujuan diberikan: %(who)s sekarang dapat melihat dan mengubah usaha ini.")
                % {"who": consent.facilitator},
            )
            return redirect("registry:business", pk=business.pk)
    return render(
        request,
        "registry/business_detail.html",
        _business_context(request, business, consent_form=form),
    )


@require_POST
def consent_revoke(request, pk: int, consent: int):
    found = get_consent_for(request.user, pk, consent, action="revoke")
    services.revoke_consent(consent=found, by=request.user)
    messages.success(
        request,
        _("Persetujuan dicabut: %(who)s tidak lagi dapat melihat atau mengubah usaha ini.")
        % {"who": found.facilitator},
    )
    if is_owner_of(request.user, found.business):
        return redirect("registry:business", pk=pk)
    return redirect("registry:mine")


def consent_statement(request, pk: int, consent: int):
    """The signed statement, to those allowed (access.can_read_statement), always as a
    download with a content type taken from the file's content."""
    found = get_consent_for(request.user, pk, consent, action="read")
    if not found.statement:
        raise Http404
    handle = found.statement.open("rb")
    content_type = sniff(handle.read(16))
    handle.seek(0)
    if content_type is None:
        handle.close()
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"surat-pernyataan-{found.business_id}-{found.pk}.{EXTENSION_OF[content_type]}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
