"""Documents of a service request in the API: application documents, result documents,
the access-checked download."""

from __future__ import annotations

from django.http import FileResponse
from ninja import File, Form, Router
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.types import Id
from kriya.desk import services
from kriya.desk.access import get_document_for, get_request_for

from .schemas import DocumentOut, document_out

router = Router(tags=["services"])


@router.post(
    "/service-requests/{request_id}/documents",
    response={201: DocumentOut},
    auth=token_or_session,
    summary="Upload a new version of an application document (PDF, JPEG, PNG ≤ 10 MB)",
    operation_id="kriya_api_services_upload_document",
)
def upload_document(request, request_id: Id, slot: Form[str], file: File[UploadedFile]):
    req = get_request_for(request.auth, request_id)
    document = services.upload_document(request=req, slot=slot, file=file, by=request.auth)
    return 201, document_out(document)


@router.post(
    "/service-requests/{request_id}/results",
    response={201: DocumentOut},
    auth=token_or_session,
    summary="Attach a result document to a request in progress",
    operation_id="kriya_api_services_upload_result",
)
def upload_result(request, request_id: Id, file: File[UploadedFile], title: Form[str] = ""):
    req = get_request_for(request.auth, request_id)
    document = services.attach_result_document(request=req, file=file, title=title, by=request.auth)
    return 201, document_out(document)


@router.get(
    "/service-documents/{document_id}/download",
    auth=token_or_session,
    summary="Download a document (attachment; access-checked, results gated)",
    operation_id="kriya_api_services_download_document",
)
def download_document(request, document_id: Id):
    document = get_document_for(request.auth, document_id)
    services.record_download(document=document, by=request.auth)
    req = document.request
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{req.number}-{document.slot}-v{document.version}.{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
