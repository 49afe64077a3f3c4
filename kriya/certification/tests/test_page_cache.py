"""Pages that show certificates are cached for anonymous visitors (kriya.core.pagecache)
and fresh at once after a certificate is issued or changes status: the directory, the
/verifikasi/ page of its document. (The showcase pages follow badges through
`business_changed`: kriya/showcase/tests/test_page_cache.py.)"""

from kriya.certification import register, services


def served(response) -> str:
    return getattr(response.wsgi_request, "kriya_page_cache", "")


def twice(client, url):
    client.get(url)
    second = client.get(url)
    assert served(second) == "hit", url
    return second


def test_an_issued_certificate_is_in_the_directory_at_once(client, flow, decision_maker):
    twice(client, "/sertifikasi/direktori/")
    certificate = flow.certificate(decision_maker)
    response = client.get("/sertifikasi/direktori/")
    assert served(response) == "miss"
    assert certificate.number in response.text


def test_a_status_change_is_seen_on_every_page_at_once(client, flow, decision_maker):
    certificate = flow.certificate(decision_maker)
    document = register.document_of(certificate)
    verify_url = f"/verifikasi/{document.doc_type}/{document.number}/"
    directory = twice(client, "/sertifikasi/direktori/")
    assert certificate.number in directory.text
    before = twice(client, verify_url).text
    twice(client, f"/verifikasi/?q={certificate.number}")
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="Survailen", by=decision_maker
    )
    assert certificate.number not in client.get("/sertifikasi/direktori/").text
    after = client.get(verify_url)
    assert served(after) == "miss" and after.text != before
    assert served(client.get(f"/verifikasi/?q={certificate.number}")) == "miss"
