"""Every page and endpoint of a request, by persona: the allowed person gets through,
another business or regency gets 404, a visible-but-not-allowed person 403, and an
anonymous visitor the login (pages) or 401 (API)."""

import pytest

from kriya.desk.tests.conftest import PDF_BYTES, upload

# (method, path, status of the request, who is allowed)
PAGES = [
    ("get", "/permohonan/{pk}/", "submitted", "owner"),
    ("get", "/permohonan/{pk}/ubah/", "draft", "owner"),
    ("post", "/permohonan/{pk}/tindakan/submit/", "draft", "owner"),
    ("post", "/permohonan/{pk}/dokumen/", "draft", "owner"),
    ("get", "/permohonan/{pk}/tagihan/", "accepted", "desk"),
    ("post", "/permohonan/{pk}/bukti-bayar/", "awaiting_payment", "owner"),
    ("post", "/permohonan/{pk}/hasil/", "in_progress", "analyst"),
    ("post", "/permohonan/{pk}/selesai/", "result_ready", "analyst"),
    ("post", "/permohonan/{pk}/tugaskan/", "submitted", "desk"),
]
API = [
    ("get", "/api/v1/service-requests/{pk}", "submitted", "owner"),
    ("get", "/api/v1/service-requests/{pk}/timeline", "submitted", "owner"),
    ("patch", "/api/v1/service-requests/{pk}", "draft", "owner"),
    ("post", "/api/v1/service-requests/{pk}/actions/cancel", "submitted", "owner"),
    ("post", "/api/v1/service-requests/{pk}/documents", "draft", "owner"),
    ("post", "/api/v1/service-requests/{pk}/bills", "accepted", "desk"),
    ("post", "/api/v1/service-requests/{pk}/payments", "awaiting_payment", "owner"),
    ("post", "/api/v1/service-requests/{pk}/results", "in_progress", "analyst"),
    ("post", "/api/v1/service-requests/{pk}/assign", "submitted", "desk"),
]

# Someone who sees the request but may not do this: a regency officer of its regency.
READER = "officer"


def payload(method, path, personas):
    if method == "patch":
        return {"notes": "", "items": [{"name": "Kain"}]}, "application/json"
    if path.endswith("/dokumen/") or path.endswith("/documents"):
        return {"slot": "surat_permohonan", "file": upload("a.pdf", PDF_BYTES)}, None
    if "bukti-bayar" in path or path.endswith("/payments"):
        return {"file": upload("a.pdf", PDF_BYTES), "paid_on": "2020-01-02"}, None
    if path.endswith("/hasil/") or path.endswith("/results"):
        return {"file": upload("a.pdf", PDF_BYTES)}, None
    if path.endswith("/tugaskan/"):
        return {"officer": personas["analyst"].pk}, None
    if path.endswith("/assign"):
        return {"officer": personas["analyst"].pk}, "application/json"
    if path.endswith("/bills"):
        return {
            "lines": [{"description": "Uji", "unit_price": 1000, "quantity": 1}],
            "due_date": "2999-01-01",
            "billing_code": "8" * 15,
        }, "application/json"
    if "/actions/" in path:
        return {"reason": ""}, "application/json"
    return {}, None


def call(client, method, path, personas):
    data, content_type = payload(method, path, personas)
    if method == "get":
        return client.get(path)
    if content_type:
        return getattr(client, method)(path, data, content_type=content_type)
    return getattr(client, method)(path, data)


@pytest.fixture
def billed_request(make_request, desk):
    def make(status):
        request = make_request(status)
        if status == "awaiting_payment":
            from kriya.desk.models import Bill

            Bill.objects.create(
                request=request,
                billing_code="8" * 15,
                code_source="manual",
                total=1000,
                due_date="2999-01-01",
                issued_by=desk,
            )
        if status == "result_ready":
            from kriya.desk.models import RequestDocument

            RequestDocument.objects.create(
                request=request,
                kind="result",
                slot="hasil",
                title="SHU",
                file="layanan/x",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
            )
        return request

    return make


@pytest.mark.parametrize(("method", "path", "status", "allowed"), PAGES + API)
def test_the_allowed_persona_gets_through(
    method, path, status, allowed, client, personas, billed_request
):
    request = billed_request(status)
    client.force_login(personas[allowed])
    response = call(client, method, path.format(pk=request.pk), personas)
    assert response.status_code in (200, 201, 302), response.content[:300]


@pytest.mark.parametrize(("method", "path", "status", "allowed"), PAGES + API)
def test_another_business_or_regency_gets_not_found(
    method, path, status, allowed, client, personas, billed_request
):
    request = billed_request(status)
    for name in ("stranger", "other_officer"):
        client.force_login(personas[name])
        assert call(client, method, path.format(pk=request.pk), personas).status_code == 404


@pytest.mark.parametrize(("method", "path", "status", "allowed"), PAGES + API)
def test_a_reader_who_may_not_act_gets_forbidden(
    method, path, status, allowed, client, personas, billed_request
):
    if method == "get" and allowed == "owner" and "/ubah/" not in path:
        pytest.skip("reading is allowed to the regency officer")
    request = billed_request(status)
    client.force_login(personas[READER])
    assert call(client, method, path.format(pk=request.pk), personas).status_code == 403


@pytest.mark.parametrize(("method", "path", "status", "allowed"), PAGES + API)
def test_anonymous_is_refused(method, path, status, allowed, client, personas, billed_request):
    request = billed_request(status)
    response = call(client, method, path.format(pk=request.pk), personas)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and "/akun/login/" in response["Location"]
