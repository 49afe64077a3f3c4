"""The curation score table: computed from Kriya's own data, shown to applicants
beforehand (CRITERIA) and to the officer per application (`score_table`).

Points per criterion:

- verified registry entry: 3 (an unverified business gets 0 and is flagged);
- first-time exhibitor (no earlier accepted or confirmed application in any event): 2;
- certified products (a certificate valid today for the business or one of its
  products, or an accepted halal certificate — kriya.certification): 2;
- trained youth: 0 until the training app exists (`trained_youth_points` is the hook);
- category quota: not points but a note — the number of applications of the same
  category already accepted against the event's quota.

An officer may override the total with a written reason; the table shows both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.certification.models import Certificate, HalalCertificate, HalalStatus
from kriya.registry.models import BusinessStatus

from .models import EXHIBITING, Application

VERIFIED_POINTS = 3
FIRST_TIME_POINTS = 2
CERTIFIED_POINTS = 2

CRITERIA = [
    (_("Usaha terverifikasi di Kriya"), VERIFIED_POINTS),
    (_("Baru pertama kali ikut pameran"), FIRST_TIME_POINTS),
    (_("Memiliki produk bersertifikat (SNI, Batikmark, halal, industri hijau)"), CERTIFIED_POINTS),
    (_("Pemuda terlatih (menyusul bersama modul pelatihan)"), 0),
]


def trained_youth_points(business_ids) -> dict[int, int]:
    """The hook for the training app: points per business for trained youth. Zero for
    everyone until that app exists (docs/events.md)."""
    return {}


@dataclass
class Score:
    application: Application
    verified: int = 0
    first_time: int = 0
    certified: int = 0
    youth: int = 0
    quota_used: int = 0
    quota: int | None = None
    notes: list = field(default_factory=list)

    @property
    def computed(self) -> int:
        return self.verified + self.first_time + self.certified + self.youth

    @property
    def total(self) -> int:
        override = self.application.score_override
        return self.computed if override is None else override

    @property
    def over_quota(self) -> bool:
        return self.quota is not None and self.quota_used >= self.quota


def score_table(event, applications=None) -> list[Score]:
    """Scores of the event's applications, best first, in a fixed number of queries
    (applications with their businesses, earlier exhibiting, certificates, halal)."""
    if applications is None:
        applications = list(
            event.applications.select_related("business", "business__district", "booth")
        )
    ids = [a.business_id for a in applications]
    today = timezone.localdate()
    earlier = set(
        Application.objects.filter(business_id__in=ids, status__in=EXHIBITING)
        .exclude(event=event)
        .values_list("business_id", flat=True)
    )
    certified = set(
        Certificate.objects.valid(today)
        .filter(business_id__in=ids)
        .values_list("business_id", flat=True)
    )
    certified |= set(
        HalalCertificate.objects.filter(
            business_id__in=ids, status=HalalStatus.ACCEPTED
        ).values_list("business_id", flat=True)
    )
    youth = trained_youth_points(ids)
    accepted: dict[str, int] = {}
    for a in applications:
        if a.status in EXHIBITING:
            accepted[a.sector] = accepted.get(a.sector, 0) + 1
    quotas = event.category_quota or {}
    scores = []
    for a in applications:
        s = Score(application=a)
        if a.business.status == BusinessStatus.VERIFIED:
            s.verified = VERIFIED_POINTS
        else:
            s.notes.append(_("Usaha belum terverifikasi"))
        if a.business_id not in earlier:
            s.first_time = FIRST_TIME_POINTS
        if a.business_id in certified:
            s.certified = CERTIFIED_POINTS
        s.youth = youth.get(a.business_id, 0)
        s.quota_used = accepted.get(a.sector, 0)
        quota = quotas.get(a.sector)
        s.quota = int(quota) if quota is not None else None
        scores.append(s)
    scores.sort(key=lambda s: (-s.total, s.application.created_at))
    return scores
