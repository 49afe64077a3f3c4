"""The backup drill seeds through the certification module's fixtures (a business with
products, a granted certificate with its signed QR) and adds photos and a document."""

from kriya.certification.tests.conftest import (  # noqa: F401 (fixtures)
    _quick_pdfs,
    business,
    catalogue,
    decision_maker,
    evaluator,
    flow,
    make_request,
    owner,
    products,
    schemes,
    staff,
)
