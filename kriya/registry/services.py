"""Writes on the registry. Each runs in a transaction and leaves an audit event."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role
from kriya.core import audit
from kriya.regions.models import Level, Region
from kriya.showcase import search as showcase_search

from .models import KEY_FIELDS, Business, BusinessStatus, Product
from .sizing import size_class
from .workflow import LIFECYCLE

BUSINESS_FIELDS = (
    "nib",
    "name",
    "legal_form",
    "owner_name",
    "phone",
    "email",
    "address",
    "village_id",
    "kbli",
    "sector",
    "year_founded",
    "workforce_total",
    "workforce_women",
    "workforce_youth",
    "capital",
    "annual_sales",
    "trademark_number",
    "latitude",
    "longitude",
)
PRODUCT_FIELDS = (
    "name",
    "description",
    "sector",
    "category",
    "technique",
    "motif",
    "dye",
    "fabric",
    "size",
    "price",
    "availability",
    "is_published",
)


def unique_slug(model, text: str) -> str:
    base = slugify(text)[:200] or "x"
    slug = base
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _derive(business: Business) -> None:
    """District and regency follow from the village; the size class from the figures."""
    village = Region.objects.get(pk=business.village_id, level=Level.VILLAGE)
    business.district_id = village.parent_id
    business.regency_id = village.parent_id.rsplit(".", 1)[0]
    business.size_class = size_class(capital=business.capital, annual_sales=business.annual_sales)


def _jsonable(value):
    return value if isinstance(value, int | str | list | type(None) | bool) else str(value)


@transaction.atomic
def create_business(
    *, data: dict, by, owner=None, associations=(), is_demo: bool = False
) -> Business:
    """Create a business in draft with its organisation. `owner` (default: `by`) becomes
    its owner member unless None is passed explicitly by a facilitator's service."""
    org = Organisation.objects.create(name=data["name"][:200], kind=OrganisationKind.BUSINESS)
    business = Business(
        organisation=org, created_by=by if getattr(by, "pk", None) else None, is_demo=is_demo
    )
    for field in BUSINESS_FIELDS:
        if field in data:
            setattr(business, field, data[field])
    _derive(business)
    business.slug = unique_slug(Business, business.name)
    business.full_clean(exclude=["organisation", "district", "regency", "slug"])
    business.save()
    if associations:
        business.associations.set(associations)
    if owner is not None:
        Membership.objects.get_or_create(user=owner, organisation=org, role=Role.OWNER)
    audit.record(
        actor=by,
        verb="business.created",
        obj=business,
        data={f: _jsonable(getattr(business, f)) for f in BUSINESS_FIELDS},
    )
    return business


@transaction.atomic
def update_business(*, business: Business, data: dict, by, associations=None) -> Business:
    """Save changed fields. A change of NIB, name or village of a verified business
    sends it back to re-verification (the `reverify` move)."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    changed = {}
    for field in BUSINESS_FIELDS:
        if field in data and getattr(locked, field) != data[field]:
            changed[field] = [_jsonable(getattr(locked, field)), _jsonable(data[field])]
            setattr(locked, field, data[field])
    _derive(locked)
    locked.full_clean(exclude=["organisation", "district", "regency", "slug"])
    if changed:
        locked.save()
        if "name" in changed:
            Organisation.objects.filter(pk=locked.organisation_id).update(name=locked.name[:200])
    if associations is not None:
        locked.associations.set(associations)
    if changed:
        audit.record(actor=by, verb="business.updated", obj=locked, data={"changed": changed})
    if locked.status == BusinessStatus.VERIFIED and any(f in changed for f in KEY_FIELDS):
        LIFECYCLE.transition(
            locked,
            action="reverify",
            by=by,
            data={"fields": [f for f in KEY_FIELDS if f in changed]},
        )
    if changed:
        showcase_search.reindex_business(locked)
    business.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def transition_business(*, business: Business, action: str, by, reason: str = "") -> Business:
    """Submit, resubmit, verify, return, suspend or reinstate (rights in workflow.py)."""
    changes = {}
    if action == "return":
        changes["return_reason"] = reason.strip()
    if action == "verify":
        changes["verified_at"] = timezone.now()
    locked = LIFECYCLE.transition(business, action=action, by=by, reason=reason, changes=changes)
    showcase_search.reindex_business(locked)
    return locked


@transaction.atomic
def create_product(*, business: Business, data: dict, by, is_demo: bool = False) -> Product:
    product = Product(business=business, is_demo=is_demo)
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.slug = unique_slug(Product, f"{product.name} {business.name}")
    product.full_clean(exclude=["slug", "business"])
    product.save()
    audit.record(
        actor=by,
        verb="product.created",
        obj=product,
        data={f: _jsonable(getattr(product, f)) for f in PRODUCT_FIELDS},
    )
    showcase_search.index_product(product)
    return product


@transaction.atomic
def update_product(*, product: Product, data: dict, by) -> Product:
    changed = {}
    for field in PRODUCT_FIELDS:
        if field in data and getattr(product, field) != data[field]:
            changed[field] = [_jsonable(getattr(product, field)), _jsonable(data[field])]
            setattr(product, field, data[field])
    product.full_clean(exclude=["slug", "business"])
    if changed:
        product.save()
        audit.record(actor=by, verb="product.updated", obj=product, data={"changed": changed})
        showcase_search.index_product(product)
    return product
