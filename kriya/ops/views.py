import mimetypes

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def media(request, path: str):
    """Public media (product and business photos) streamed from the default storage,
    wherever it is: a folder or a bucket. A reverse proxy may serve /media/ from disk
    before the request gets here; with object storage this is how photos reach people."""
    if not path or path.endswith("/") or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    # Photo names are random and never reused: a week in the browser's cache is safe.
    response["Cache-Control"] = "public, max-age=604800"
    return response
