"""Demo register for `make run`: one document per verdict the /verifikasi/ page can
show from the register, all marked is_demo. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import DocType, IssuedDocument
from .services import issue_document, set_document_status

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one last,
# as before: its demo register stands on its own.
SEED_ORDER = 70

# Marked demo by `is_demo` (the demo banner says so), not by its name.
HOLDER = {"holder_nib": "9120000000001", "holder_name": "Batik Sekar Jagad"}
BATIKMARK = "Batikmark — batik tulis (SNI 8302:2016/Amd.1:2019)"


@transaction.atomic
def seed() -> None:
    if IssuedDocument.objects.filter(is_demo=True).exists():
        return
    today = timezone.localdate()
    year = today.year

    def issue(doc_type, number, **extra):
        fields = {
            "scheme": BATIKMARK,
            "scope": "Kain batik tulis motif Manggur, label emas",
            "issued_on": today - timedelta(days=30),
            "expires_on": today + timedelta(days=3 * 365),
            **HOLDER,
            **extra,
        }
        return issue_document(doc_type=doc_type, number=number, is_demo=True, by=None, **fields)

    valid = issue(DocType.CERTIFICATE, f"DEMO/BM/0001/{year}")
    for serial in range(1, 4):
        issue(
            DocType.BATIKMARK_LABEL,
            f"DEMO-BM-{serial:06d}",
            parent=valid,
            scope="Batik tulis — label emas",
        )
    suspended = issue(DocType.CERTIFICATE, f"DEMO/BM/0002/{year}")
    set_document_status(
        document=suspended, action="suspend", reason="Demo: surveilans tertunda", by=None
    )
    withdrawn = issue(DocType.CERTIFICATE, f"DEMO/BM/0003/{year}")
    set_document_status(
        document=withdrawn, action="withdraw", reason="Demo: tidak memenuhi syarat", by=None
    )
    report = dict(
        scheme="SNI 8302:2016/Amd.1:2019",
        scope="Contoh kain batik tulis: tahan luntur warna terhadap pencucian",
        expires_on=None,
    )
    old = issue(DocType.TEST_REPORT, f"DEMO/SHU/0001/{year}", **report)
    issue(
        DocType.TEST_REPORT,
        f"DEMO/SHU/0002/{year}",
        supersedes=old,
        reason="Demo: koreksi hasil uji",
        **report,
    )
    issue(
        DocType.CERTIFICATE,
        f"DEMO/BM/0004/{year - 4}",
        issued_on=today - timedelta(days=4 * 365),
        expires_on=today - timedelta(days=365),
    )
