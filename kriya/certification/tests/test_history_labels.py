"""A certificate's history names each change in words, never by its event code."""

from django.template.loader import render_to_string

from kriya.certification.queries import history
from kriya.core import audit


def test_history_rows_have_labels_and_no_codes(make_user):
    subject = make_user("holder@example.test")
    audit.record(actor=None, verb="certificate.issued", obj=subject)
    audit.record(actor=None, verb="certificate.suspend", obj=subject, data={"reason": "Uji"})
    audit.record(actor=None, verb="certificate.something_new", obj=subject)
    events = history(subject)
    assert [str(e.label) for e in events] == [
        "Sertifikat diterbitkan",
        "Sertifikat dibekukan",
        "Perubahan dicatat",
    ]
    html = render_to_string("certification/_history.html", {"history": events})
    assert "certificate." not in html and "Sertifikat dibekukan" in html and "WIB" in html
