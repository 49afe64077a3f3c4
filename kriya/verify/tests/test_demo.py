"""The demo register shows the verdicts on /verifikasi/ and is seeded once."""

from kriya.verify import demo
from kriya.verify.models import IssuedDocument
from kriya.verify.queries import check


def test_demo_documents_cover_the_register_verdicts_and_are_marked(db):
    demo.seed()
    demo.seed()
    documents = IssuedDocument.objects.all()
    assert documents.count() == 9
    assert all(d.is_demo for d in documents)
    verdicts = {check(d.payload).found[0].verdict.value for d in documents}
    assert verdicts == {"valid", "suspended", "withdrawn", "superseded", "expired"}
