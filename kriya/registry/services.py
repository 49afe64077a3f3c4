"""Writes on the registry. Each runs in a transaction and leaves an audit event.

Every event of a business or one of its products is recorded against the business
or the product (photos, consents and invitations included), so that the owner's
"who filed what" page reads them with one query.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role
from kriya.core import audit
from kriya.core.images import ProcessedImage
from kriya.regions.models import Level, Region

from . import signals
from .access import can_facilitate, can_revoke_consent, has_consent
from .models import (
    KEY_FIELDS,
    MAX_PRODUCT_PHOTOS,
    Business,
    BusinessPhoto,
    BusinessStatus,
    ClaimInvitation,
    ConsentMethod,
    FacilitationConsent,
    Product,
    ProductPhoto,
)
from .sizing import size_class
from .workflow import LIFECYCLE

MAX_BUSINESS_PHOTOS = 8
CLAIM_VALID_DAYS = 14

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
    village = Region.objects.filter(pk=business.village_id, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"village": _("Pilih desa/kelurahan yang terdaftar.")})
    business.district_id = village.parent_id
    business.regency_id = village.parent_id.rsplit(".", 1)[0]
    business.size_class = size_class(capital=business.capital, annual_sales=business.annual_sales)


def _save_unique(business: Business) -> None:
    """Save; a NIB taken by a concurrent request between the check and the write
    becomes the same field error as the check's."""
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError:
        if Business.objects.filter(nib=business.nib).exclude(pk=business.pk).exists():
            raise ValidationError({"nib": _("NIB ini sudah terdaftar di Kriya.")}) from None
        raise


def _forget_memberships(user) -> None:
    # kriya.accounts.access caches a user's memberships on the user object.
    user.__dict__.pop("_kriya_memberships", None)


def _jsonable(value):
    return value if isinstance(value, int | str | list | type(None) | bool) else str(value)


@transaction.atomic
def create_business(
    *, data: dict, by, owner=None, associations=(), is_demo: bool = False
) -> Business:
    """Create a business in draft with its organisation. `owner` becomes its owner
    member; without one (a facilitated registration) nobody owns it until a claim."""
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
    _save_unique(business)
    if associations:
        business.associations.set(associations)
    if owner is not None:
        Membership.objects.get_or_create(user=owner, organisation=org, role=Role.OWNER)
        _forget_memberships(owner)
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
        _save_unique(locked)
        if "name" in changed:
            Organisation.objects.filter(pk=locked.organisation_id).update(name=locked.name[:200])
    if associations is not None:
        locked.associations.set(associations)
    if changed:
        audit.record(actor=by, verb="business.updated", obj=locked, data={"changed": changed})
    if locked.status == BusinessStatus.VERIFIED and any(f in changed for f in KEY_FIELDS):
        # Made by the system on behalf of the editor: nobody can press "reverify".
        LIFECYCLE.transition(
            locked,
            action="reverify",
            by=None,
            data={
                "fields": [f for f in KEY_FIELDS if f in changed],
                "edited_by": getattr(by, "pk", None),
            },
        )
    if changed:
        signals.business_changed.send(sender=Business, business=locked)
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
        changes["return_reason"] = ""
    locked = LIFECYCLE.transition(business, action=action, by=by, reason=reason, changes=changes)
    signals.business_changed.send(sender=Business, business=locked)
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
    signals.product_changed.send(sender=Product, product=product)
    return product


@transaction.atomic
def update_product(*, product: Product, data: dict, by) -> Product:
    """Save changed fields (compared with the stored row, not the caller's copy, which
    a bound form may already have changed) and record what changed."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    changed = {}
    for field in PRODUCT_FIELDS:
        if field in data and getattr(locked, field) != data[field]:
            changed[field] = [_jsonable(getattr(locked, field)), _jsonable(data[field])]
            setattr(locked, field, data[field])
    locked.full_clean(exclude=["slug", "business"])
    if changed:
        locked.save()
        audit.record(actor=by, verb="product.updated", obj=locked, data={"changed": changed})
        signals.product_changed.send(sender=Product, product=locked)
    for f in locked._meta.concrete_fields:
        setattr(product, f.attname, getattr(locked, f.attname))
    return locked


# --- Photos -----------------------------------------------------------------


def _store_photo(photo, image: ProcessedImage, position: int) -> None:
    photo.image.save(image.image.name, image.image, save=False)
    photo.thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
    photo.width, photo.height, photo.position = image.width, image.height, position
    photo.save()


def _delete_files_on_commit(photo) -> None:
    names = [
        (photo.image.storage, photo.image.name),
        (photo.thumbnail.storage, photo.thumbnail.name),
    ]

    def delete():
        for storage, name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def add_product_photos(*, product: Product, images: list[ProcessedImage], by) -> list:
    """Attach already checked and re-encoded photos (kriya.core.images.process_image).
    All or none: refused as a whole when the product would exceed 8 photos."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    existing = locked.photos.count()
    if existing + len(images) > MAX_PRODUCT_PHOTOS:
        raise ValidationError(
            {
                "photos": _(
                    "Satu produk paling banyak %(max)s foto; sudah ada %(n)s, sisa %(left)s."
                )
                % {
                    "max": MAX_PRODUCT_PHOTOS,
                    "n": existing,
                    "left": max(0, MAX_PRODUCT_PHOTOS - existing),
                }
            }
        )
    last = locked.photos.order_by("-position").values_list("position", flat=True).first() or 0
    photos = []
    for offset, image in enumerate(images, start=1):
        photo = ProductPhoto(product=locked)
        _store_photo(photo, image, last + offset)
        photos.append(photo)
    audit.record(actor=by, verb="product.photos_added", obj=locked, data={"count": len(photos)})
    return photos


@transaction.atomic
def remove_product_photo(*, photo: ProductPhoto, by) -> None:
    product = photo.product
    _delete_files_on_commit(photo)
    photo.delete()
    audit.record(actor=by, verb="product.photo_removed", obj=product, data={"photo": photo.pk})


@transaction.atomic
def add_business_photos(*, business: Business, images: list[ProcessedImage], by) -> list:
    """Like add_product_photos, for the business profile (at most 8 as well)."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    existing = locked.photos.count()
    if existing + len(images) > MAX_BUSINESS_PHOTOS:
        raise ValidationError(
            {
                "photos": _(
                    "Satu usaha paling banyak %(max)s foto; sudah ada %(n)s, sisa %(left)s."
                )
                % {
                    "max": MAX_BUSINESS_PHOTOS,
                    "n": existing,
                    "left": max(0, MAX_BUSINESS_PHOTOS - existing),
                }
            }
        )
    last = locked.photos.order_by("-position").values_list("position", flat=True).first() or 0
    photos = []
    for offset, image in enumerate(images, start=1):
        photo = BusinessPhoto(business=locked)
        _store_photo(photo, image, last + offset)
        photos.append(photo)
    audit.record(actor=by, verb="business.photos_added", obj=locked, data={"count": len(photos)})
    return photos


@transaction.atomic
def remove_business_photo(*, photo: BusinessPhoto, by) -> None:
    business = photo.business
    _delete_files_on_commit(photo)
    photo.delete()
    audit.record(actor=by, verb="business.photo_removed", obj=business, data={"photo": photo.pk})


# --- Facilitation: consent, invitation, claim -------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_owner(business: Business) -> bool:
    return Membership.objects.filter(
        organisation_id=business.organisation_id, role=Role.OWNER, is_active=True
    ).exists()


@transaction.atomic
def create_facilitated_business(
    *, data: dict, consent: dict, by, statement=None, associations=(), is_demo: bool = False
) -> tuple[Business, FacilitationConsent]:
    """A facilitator registers a business on behalf of its owner. The business has no
    owner member until the owner claims it; the facilitator edits it while the
    consent recorded here is active. `consent` holds method, declared_by and
    declared_at; a signed statement (already checked by content) is required for
    the signed-statement method."""
    if not can_facilitate(by):
        raise PermissionDenied(_("Hanya pendamping yang dapat mendaftarkan usaha dampingan."))
    if consent.get("method") == ConsentMethod.SIGNED_STATEMENT and not statement:
        raise ValidationError({"statement": _("Unggah surat pernyataan bertanda tangan.")})
    if consent.get("declared_at") and consent["declared_at"] > timezone.now():
        raise ValidationError({"declared_at": _("Waktu pernyataan tidak boleh di masa depan.")})
    business = create_business(
        data=data, by=by, owner=None, associations=associations, is_demo=is_demo
    )
    record = FacilitationConsent(
        business=business,
        facilitator=by,
        method=consent["method"],
        declared_by=consent["declared_by"],
        declared_at=consent["declared_at"],
    )
    record.full_clean(exclude=["statement", "business", "facilitator"])
    if statement and consent["method"] == ConsentMethod.SIGNED_STATEMENT:
        statement.seek(0)
        record.statement.save("statement", statement, save=False)
    record.save()
    audit.record(
        actor=by,
        verb="business.consent_recorded",
        obj=business,
        data={
            "consent": record.pk,
            "method": record.method,
            "declared_by": record.declared_by,
            "declared_at": record.declared_at.isoformat(),
            "statement": bool(record.statement),
        },
    )
    return business, record


@transaction.atomic
def revoke_consent(*, consent: FacilitationConsent, by) -> FacilitationConsent:
    """The owner (or the facilitator themself) ends a consent; from then on the
    facilitator no longer sees or edits the business. Revoking twice changes nothing."""
    locked = FacilitationConsent.objects.select_for_update().get(pk=consent.pk)
    if not can_revoke_consent(by, consent):
        raise PermissionDenied
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(
            actor=by,
            verb="business.consent_revoked",
            obj=consent.business,
            data={"consent": locked.pk, "facilitator": locked.facilitator_id},
        )
    consent.revoked_at = locked.revoked_at
    return locked


@transaction.atomic
def create_claim_invitation(
    *, business: Business, by, email: str = "", site_url: str = ""
) -> tuple[ClaimInvitation, str]:
    """An invitation link for the owner to claim a facilitated business. Returns the
    invitation and the raw token, which is shown once and stored only as a hash.
    Earlier unclaimed invitations of the business stop working. When `email` is
    given, the link is sent there and only an account with that address may claim."""
    if not has_consent(by, business):
        raise PermissionDenied(
            _("Hanya pendamping dengan persetujuan aktif yang dapat mengundang.")
        )
    locked = Business.objects.select_for_update().get(pk=business.pk)
    if has_owner(locked):
        raise ValidationError(_("Usaha ini sudah dikelola pemiliknya; undangan tidak diperlukan."))
    now = timezone.now()
    ClaimInvitation.objects.filter(
        business=locked, claimed_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = ClaimInvitation.objects.create(
        business=locked,
        token_hash=_token_hash(token),
        email=(email or "").strip().lower(),
        created_by=by,
        expires_at=now + timedelta(days=CLAIM_VALID_DAYS),
    )
    audit.record(
        actor=by,
        verb="business.claim_invited",
        obj=locked,
        data={"invitation": invitation.pk, "email": invitation.email},
    )
    if invitation.email and site_url:
        link = site_url.rstrip("/") + f"/klaim/{token}/"
        subject = _("Undangan mengelola usaha %(name)s di Kriya") % {"name": locked.name}
        body = _(
            "%(who)s mendaftarkan usaha %(name)s di Kriya atas persetujuan Anda.\n"
            "Buka tautan ini untuk mengelolanya sendiri (berlaku %(days)s hari):\n%(link)s\n"
        ) % {"who": by, "name": locked.name, "days": CLAIM_VALID_DAYS, "link": link}
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [invitation.email], fail_silently=True)
        )
    return invitation, token


def find_invitation(token: str) -> ClaimInvitation | None:
    """The invitation for a raw token, whatever its state (for the claim page)."""
    if not token or len(token) > 100:
        return None
    return (
        ClaimInvitation.objects.select_related("business", "created_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_problem(invitation: ClaimInvitation | None, user) -> str:
    """Why `user` cannot claim with this invitation, or "" when they can."""
    if invitation is None:
        return _("Tautan undangan tidak dikenal.")
    if invitation.claimed_at is not None:
        return _("Undangan ini sudah dipakai.")
    if invitation.expires_at <= timezone.now():
        return _("Undangan ini sudah kedaluwarsa. Minta tautan baru kepada pendamping Anda.")
    if invitation.created_by_id == user.pk:
        return _("Pendamping tidak dapat mengklaim usaha dampingannya sendiri.")
    if invitation.email and invitation.email != user.email.lower():
        return _("Undangan ini untuk alamat e-mail lain. Masuk dengan akun %(email)s.") % {
            "email": invitation.email
        }
    return ""


@transaction.atomic
def claim_business(*, token: str, by) -> Business:
    """The owner takes over a facilitated business: they become its owner member.
    The facilitator keeps access only while their consent stays active."""
    found = find_invitation(token)
    invitation = ClaimInvitation.objects.select_for_update().get(pk=found.pk) if found else None
    problem = invitation_problem(invitation, by)
    if problem:
        raise ValidationError(problem)
    business = Business.objects.select_for_update().get(pk=invitation.business_id)
    if has_owner(business):
        raise ValidationError(_("Usaha ini sudah dikelola pemiliknya."))
    Membership.objects.update_or_create(
        user=by,
        organisation_id=business.organisation_id,
        role=Role.OWNER,
        defaults={"is_active": True},
    )
    now = timezone.now()
    invitation.claimed_by, invitation.claimed_at = by, now
    invitation.save(update_fields=["claimed_by", "claimed_at"])
    ClaimInvitation.objects.filter(business=business, claimed_at__isnull=True).update(
        expires_at=now
    )
    _forget_memberships(by)
    audit.record(
        actor=by, verb="business.claimed", obj=business, data={"invitation": invitation.pk}
    )
    return business


# --- Exports ------------------------------------------------------------------


@transaction.atomic
def record_export(*, by, fmt: str, filters: dict, count: int) -> None:
    """Exports of personal data leave a trace: who exported what, when."""
    audit.record(
        actor=by,
        verb="business.exported",
        data={
            "format": fmt,
            "filters": {k: str(v) for k, v in filters.items() if v},
            "count": count,
        },
    )
