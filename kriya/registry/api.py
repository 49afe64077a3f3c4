"""The registry API: businesses and products.

Scoped exactly as the pages: objects are fetched through kriya.registry.access
(404 when not visible, 403 when visible but not changeable), validated by the
pages' own form classes and written by the same services. Errors use the one JSON
format of kriya.api.errors.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import MAX_OFFSET, BigInt, Count, Id, SmallCount, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.registry import queries, services
from kriya.registry.access import (
    businesses_visible_to,
    can_facilitate,
    get_business_for,
    get_product_for,
)
from kriya.registry.forms import (
    BusinessFilterForm,
    BusinessForm,
    ConsentForm,
    PhotoUploadForm,
    ProductForm,
)
from kriya.registry.models import (
    Availability,
    BusinessStatus,
    ConsentMethod,
    Dye,
    LegalForm,
    Product,
    ProductPhoto,
    Sector,
    SizeClass,
    Technique,
)
from kriya.registry.workflow import LIFECYCLE

router = Router(tags=["registry"], auth=token_or_session)

MAX_LIMIT = 200


def _invalid(form) -> ValidationError:
    return ValidationError(
        {
            field: [e["message"] for e in errors]
            for field, errors in form.errors.get_json_data().items()
        }
    )


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


# --- Schemas ---------------------------------------------------------------------


class ActionOut(Schema):
    action: actions_of(LIFECYCLE)  # type: ignore[valid-type]
    label: str
    needs_reason: bool


class BusinessOut(Schema):
    id: Id
    nib: str
    name: str
    slug: str
    legal_form: one_of(LegalForm.values)  # type: ignore[valid-type]
    owner_name: str
    phone: str
    email: str
    address: str
    village: str
    village_name: str
    district: str
    district_name: str
    regency: str
    regency_name: str
    kbli: list[str]
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    year_founded: BigInt | None
    workforce_total: BigInt
    workforce_women: BigInt
    workforce_youth: BigInt
    capital: BigInt | None
    annual_sales: BigInt | None
    size_class: one_of(["", *SizeClass.values])  # type: ignore[valid-type]
    associations: list[Id]
    trademark_number: str
    latitude: float | None
    longitude: float | None
    status: one_of(BusinessStatus.values)  # type: ignore[valid-type]
    return_reason: str
    verified_at: datetime | None
    is_demo: bool
    created_at: datetime
    updated_at: datetime


class BusinessDetailOut(BusinessOut):
    actions: list[ActionOut]


class BusinessPage(Schema):
    count: BigInt
    items: list[BusinessOut]


Loose = str | BigInt | float | None


class ConsentIn(Schema):
    method: Literal["in_person"]
    declared_by: str
    declared_at: datetime


class BusinessIn(Schema):
    """Values as people write them, like the page: "9120 0012 3456 7", "0812-…",
    "Rp 1.500.000" or "1,5 juta", "13134, 13132". Omitted fields keep their value
    on update."""

    nib: Loose = None
    name: str | None = None
    legal_form: one_of(LegalForm.values) | None = None  # type: ignore[valid-type]
    owner_name: str | None = None
    phone: Loose = None
    email: str | None = None
    address: str | None = None
    village: str | None = None
    kbli: list[str] | str | None = None
    sector: one_of(Sector.values) | None = None  # type: ignore[valid-type]
    year_founded: SmallCount | None = None
    workforce_total: Count | None = None
    workforce_women: Count | None = None
    workforce_youth: Count | None = None
    capital: Loose = None
    annual_sales: Loose = None
    associations: list[Id] | None = None
    trademark_number: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class BusinessCreateIn(BusinessIn):
    consent: ConsentIn | None = None


class ActionIn(Schema):
    action: actions_of(LIFECYCLE)  # type: ignore[valid-type]
    reason: str = ""


class PhotoOut(Schema):
    id: Id
    position: SmallCount
    image: str
    thumbnail: str
    width: BigInt
    height: BigInt


class ProductOut(Schema):
    id: Id
    business: Id
    name: str
    slug: str
    description: str
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    category: str
    technique: one_of(["", *Technique.values])  # type: ignore[valid-type]
    is_batik: bool
    motif: str
    dye: one_of(["", *Dye.values])  # type: ignore[valid-type]
    fabric: str
    size: str
    price: BigInt
    availability: one_of(Availability.values)  # type: ignore[valid-type]
    is_published: bool
    is_demo: bool
    photos: list[PhotoOut]
    created_at: datetime
    updated_at: datetime


class ProductPage(Schema):
    count: BigInt
    items: list[ProductOut]


class ProductIn(Schema):
    name: str | None = None
    description: str | None = None
    sector: one_of(Sector.values) | None = None  # type: ignore[valid-type]
    category: str | None = None
    technique: one_of(["", *Technique.values]) | None = None  # type: ignore[valid-type]
    motif: str | None = None
    dye: one_of(["", *Dye.values]) | None = None  # type: ignore[valid-type]
    fabric: str | None = None
    size: str | None = None
    price: Loose = None
    availability: one_of(Availability.values) | None = None  # type: ignore[valid-type]
    is_published: bool | None = None


# --- Output ----------------------------------------------------------------------


def business_out(business) -> dict:
    return {
        "id": business.pk,
        "nib": business.nib,
        "name": business.name,
        "slug": business.slug,
        "legal_form": business.legal_form,
        "owner_name": business.owner_name,
        "phone": business.phone,
        "email": business.email,
        "address": business.address,
        "village": business.village_id,
        "village_name": business.village.name,
        "district": business.district_id,
        "district_name": business.district.name,
        "regency": business.regency_id,
        "regency_name": business.regency.name,
        "kbli": business.kbli,
        "sector": business.sector,
        "year_founded": business.year_founded,
        "workforce_total": business.workforce_total,
        "workforce_women": business.workforce_women,
        "workforce_youth": business.workforce_youth,
        "capital": business.capital,
        "annual_sales": business.annual_sales,
        "size_class": business.size_class,
        "associations": [a.pk for a in business.associations.all()],
        "trademark_number": business.trademark_number,
        "latitude": float(business.latitude) if business.latitude is not None else None,
        "longitude": float(business.longitude) if business.longitude is not None else None,
        "status": business.status,
        "return_reason": business.return_reason,
        "verified_at": business.verified_at,
        "is_demo": business.is_demo,
        "created_at": business.created_at,
        "updated_at": business.updated_at,
    }


def business_detail_out(business, user) -> dict:
    data = business_out(business)
    data["actions"] = [
        {"action": m.action, "label": str(m.label), "needs_reason": m.needs_reason}
        for m in LIFECYCLE.available(business, user)
    ]
    return data


def photo_out(photo) -> dict:
    return {
        "id": photo.pk,
        "position": photo.position,
        "image": photo.image.url,
        "thumbnail": photo.thumbnail.url,
        "width": photo.width,
        "height": photo.height,
    }


def product_out(product) -> dict:
    return {
        "id": product.pk,
        "business": product.business_id,
        "name": product.name,
        "slug": product.slug,
        "description": product.description,
        "sector": product.sector,
        "category": product.category,
        "technique": product.technique,
        "is_batik": product.is_batik,
        "motif": product.motif,
        "dye": product.dye,
        "fabric": product.fabric,
        "size": product.size,
        "price": product.price,
        "availability": product.availability,
        "is_published": product.is_published,
        "is_demo": product.is_demo,
        "photos": [photo_out(p) for p in product.photos.all()],
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


def _reload(user, pk):
    return get_business_for(user, pk)


# --- Businesses --------------------------------------------------------------------


@router.get(
    "/businesses",
    response=BusinessPage,
    summary="Businesses visible to the user",
    operation_id="kriya_api_registry_list_businesses",
)
def list_businesses(
    request,
    q: str = "",
    regency: str = "",
    district: str = "",
    village: str = "",
    sector: one_of(["", *Sector.values]) = "",  # type: ignore[valid-type]
    size_class: one_of(["", *SizeClass.values]) = "",  # type: ignore[valid-type]
    status: one_of(["", *BusinessStatus.values]) = "",  # type: ignore[valid-type]
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The same filters as the regency workspace. Owners see their own businesses,
    facilitators those with an active consent, regency officers their regency,
    agency staff every regency."""
    form = BusinessFilterForm(
        {
            "q": q,
            "regency": regency,
            "district": district,
            "village": village,
            "sector": sector,
            "size_class": size_class,
            "status": status,
        }
    )
    if not form.is_valid():
        raise _invalid(form)
    qs = queries.filter_businesses(businesses_visible_to(request.auth), form.filters())
    items = queries.business_list(qs).prefetch_related("associations")[offset : offset + limit]
    return {"count": qs.count(), "items": [business_out(b) for b in items]}


@router.get(
    "/businesses/{pk}",
    response=BusinessDetailOut,
    summary="One business",
    operation_id="kriya_api_registry_get_business",
)
def get_business(request, pk: Id):
    """With the lifecycle actions the user may take now (the page's buttons)."""
    return business_detail_out(get_business_for(request.auth, pk), request.auth)


@router.post(
    "/businesses",
    response={201: BusinessDetailOut},
    summary="Register a business",
    operation_id="kriya_api_registry_create_business",
)
def create_business(request, payload: BusinessCreateIn):
    """The user becomes its owner. A facilitator may instead register it on behalf of
    its owner with `consent` (in-person declaration; a signed statement is uploaded
    through the page)."""
    user = request.auth
    data = payload.dict(exclude_unset=True, exclude={"consent"})
    form = BusinessForm(data, user=user)
    consent_form = None
    if payload.consent is not None:
        if not can_facilitate(user):
            raise PermissionDenied
        declared_at = payload.consent.declared_at
        if timezone.is_naive(declared_at):
            declared_at = timezone.make_aware(declared_at)
        consent_form = ConsentForm(
            {
                "method": ConsentMethod.IN_PERSON,
                "declared_by": payload.consent.declared_by,
                "declared_at": timezone.localtime(declared_at).strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
        if not consent_form.is_valid():
            raise _invalid(consent_form)
    if not form.is_valid():
        raise _invalid(form)
    if consent_form is None:
        business = services.create_business(
            data=form.service_data(),
            by=user,
            owner=user,
            associations=form.cleaned_data["associations"],
        )
    else:
        consent = {**consent_form.consent_data(), "declared_at": declared_at}
        business, _consent = services.create_facilitated_business(
            data=form.service_data(),
            associations=form.cleaned_data["associations"],
            consent=consent,
            by=user,
        )
    return 201, business_detail_out(_reload(user, business.pk), user)


@router.patch(
    "/businesses/{pk}",
    response=BusinessDetailOut,
    summary="Update a business",
    operation_id="kriya_api_registry_update_business",
)
def update_business(request, pk: Id, payload: BusinessIn):
    """Only the owner or a facilitator with an active consent. A change of NIB, name
    or village of a verified business sends it back to verification."""
    user = request.auth
    business = get_business_for(user, pk, edit=True)
    data = BusinessForm.data_from(business)
    data.update(payload.dict(exclude_unset=True))
    form = BusinessForm(data, instance=business, user=user)
    if not form.is_valid():
        raise _invalid(form)
    services.update_business(
        business=business,
        data=form.service_data(),
        by=user,
        associations=form.cleaned_data["associations"],
    )
    return business_detail_out(_reload(user, pk), user)


@router.post(
    "/businesses/{pk}/actions",
    response=BusinessDetailOut,
    summary="Take a lifecycle action (submit, verify, return, …)",
    operation_id="kriya_api_registry_business_action",
)
@answers(409)
def business_action(request, pk: Id, payload: ActionIn):
    """The actions of the lifecycle table; 403 when the user may not take it, 409
    when it does not exist from the current status."""
    user = request.auth
    business = get_business_for(user, pk)
    try:
        services.transition_business(
            business=business, action=payload.action, by=user, reason=payload.reason
        )
    except InvalidTransition:
        raise HttpError(
            409, _("Tindakan ini tidak tersedia untuk status usaha saat ini.")
        ) from None
    return business_detail_out(_reload(user, pk), user)


# --- Products ----------------------------------------------------------------------


@router.get(
    "/products",
    response=ProductPage,
    summary="Products of businesses visible to the user",
    operation_id="kriya_api_registry_list_products",
)
def list_products(
    request,
    business: Id | None = None,
    q: str = "",
    sector: one_of(["", *Sector.values]) = "",  # type: ignore[valid-type]
    technique: one_of(["", *Technique.values]) = "",  # type: ignore[valid-type]
    published: bool | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = Product.objects.filter(business__in=businesses_visible_to(request.auth).values("pk"))
    if business is not None:
        qs = qs.filter(business_id=business)
    if q:
        qs = qs.filter(name__icontains=q.strip())
    if sector:
        qs = qs.filter(sector=sector)
    if technique:
        qs = qs.filter(technique=technique)
    if published is not None:
        qs = qs.filter(is_published=published)
    items = qs.order_by("-created_at", "-id").prefetch_related("photos")[offset : offset + limit]
    return {"count": qs.count(), "items": [product_out(p) for p in items]}


@router.get(
    "/products/{pk}",
    response=ProductOut,
    summary="One product",
    operation_id="kriya_api_registry_get_product",
)
def get_product(request, pk: Id):
    return product_out(get_product_for(request.auth, pk))


@router.post(
    "/businesses/{pk}/products",
    response={201: ProductOut},
    summary="Add a product",
    operation_id="kriya_api_registry_create_product",
)
def create_product(request, pk: Id, payload: ProductIn):
    user = request.auth
    business = get_business_for(user, pk, edit=True)
    data = {"sector": business.sector, "availability": "ready", "is_published": False}
    data.update(payload.dict(exclude_unset=True))
    form = ProductForm(data)
    if not form.is_valid():
        raise _invalid(form)
    product = services.create_product(business=business, data=form.service_data(), by=user)
    return 201, product_out(product)


@router.patch(
    "/products/{pk}",
    response=ProductOut,
    summary="Update a product",
    operation_id="kriya_api_registry_update_product",
)
def update_product(request, pk: Id, payload: ProductIn):
    user = request.auth
    product = get_product_for(user, pk, edit=True)
    data = ProductForm.data_from(product)
    data.update(payload.dict(exclude_unset=True))
    form = ProductForm(data, instance=product)
    if not form.is_valid():
        raise _invalid(form)
    services.update_product(product=product, data=form.service_data(), by=user)
    return product_out(get_product_for(user, pk))


# --- Product photos ------------------------------------------------------------------


@router.post(
    "/products/{pk}/photos",
    response={201: list[PhotoOut]},
    summary="Upload photos to a product (multipart)",
    operation_id="kriya_api_registry_add_product_photos",
)
def add_product_photos(request, pk: Id, photos: File[list[UploadedFile]] = None):
    """One or more files in the multipart field `photos`, as on the product page:
    each is checked by its content (JPEG, PNG or WebP, at most 5 MB), re-encoded
    as WebP without EXIF and thumbnailed; at most 8 photos per product. One bad
    file, or an upload that would pass 8, saves none (422, field `photos`).
    Answers the product's photos in their order."""
    user = request.auth
    product = get_product_for(user, pk, edit=True)
    # Optional here so that a missing field gets the form's message in the user's
    # language, not the validator's English "Field required".
    form = PhotoUploadForm(data={}, files=MultiValueDict({"photos": list(photos or [])}))
    if not form.is_valid():
        raise _invalid(form)
    services.add_product_photos(product=product, images=form.cleaned_data["photos"], by=user)
    return 201, [photo_out(p) for p in product.photos.all()]


@router.delete(
    "/products/{pk}/photos/{photo_id}",
    response=list[PhotoOut],
    summary="Remove a photo of a product",
    operation_id="kriya_api_registry_remove_product_photo",
)
def remove_product_photo(request, pk: Id, photo_id: Id):
    """Answers the product's remaining photos."""
    user = request.auth
    product = get_product_for(user, pk, edit=True)
    photo = get_object_or_404(ProductPhoto, pk=photo_id, product=product)
    services.remove_product_photo(photo=photo, by=user)
    return [photo_out(p) for p in product.photos.all()]
