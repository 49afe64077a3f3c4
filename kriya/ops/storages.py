"""The S3-compatible storage of public media (KRIYA_STORAGE_URL, storage_url.py)."""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    """Public media in the bucket, addressed under MEDIA_URL like files on disk: either
    Kriya's own /media/ (streamed from the bucket by kriya.ops.views.media) or the public
    address given as media_url. No signed links, so a photo's address does not change
    from one page view to the next and browsers can cache it."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
