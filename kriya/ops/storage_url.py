"""KRIYA_STORAGE_URL: one address that moves both file storages to S3-compatible object
storage (django-storages), so several web machines share their files.

    s3://[ACCESS_KEY:SECRET_KEY@]BUCKET[/PREFIX]?endpoint_url=URL&region=NAME
        &addressing_style=path|virtual&media_url=URL

- BUCKET holds two prefixes: PREFIX/private/ (documents; never public, read only
  through Kriya's access-checked views) and PREFIX/media/ (product and business photos).
- The keys may be left out of the address: then boto3's usual sources apply
  (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance role…). Percent-encode a
  secret that holds "/", "+" or "@".
- endpoint_url: the S3 service (MinIO, Ceph, a cloud's S3 endpoint); empty = AWS.
- media_url: where browsers fetch public media directly (a CDN, or the bucket's public
  address of PREFIX/media/ made public-read by a bucket policy). Without it the photos
  keep their /media/… addresses and Kriya streams them from the bucket
  (kriya.ops.views.media), so nothing in the bucket needs to be public.

Settings import this module before Django is set up: standard library only here.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

PARAMETERS = {"endpoint_url", "region", "addressing_style", "media_url"}


class StorageURLError(ValueError):
    pass


def parse_storage_url(url: str) -> dict:
    """The STORAGES entries ("default", "private") and MEDIA_URL ("media_url", None when
    Kriya serves /media/ itself) of a KRIYA_STORAGE_URL."""
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise StorageURLError(f"KRIYA_STORAGE_URL must start with s3:// (got {parts.scheme!r}).")
    # The bucket as written: urlsplit's .hostname would lower-case it.
    bucket = parts.netloc.rpartition("@")[2]
    if not bucket:
        raise StorageURLError("KRIYA_STORAGE_URL names no bucket: s3://BUCKET/…")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - PARAMETERS)
    if unknown:
        raise StorageURLError(
            f"KRIYA_STORAGE_URL: unknown parameter {', '.join(unknown)} "
            f"(known: {', '.join(sorted(PARAMETERS))})."
        )
    if query.get("addressing_style", "path") not in {"path", "virtual"}:
        raise StorageURLError("KRIYA_STORAGE_URL: addressing_style is path or virtual.")
    prefix = parts.path.strip("/")
    common = {
        "bucket_name": bucket,
        "endpoint_url": query.get("endpoint_url") or None,
        "region_name": query.get("region") or None,
        "addressing_style": query.get("addressing_style") or None,
        "signature_version": "s3v4",
        # A new upload never replaces another file of the same name.
        "file_overwrite": False,
        "default_acl": None,
    }
    if parts.username:
        common["access_key"] = unquote(parts.username)
        common["secret_key"] = unquote(parts.password or "")
    media_url = query.get("media_url") or None
    if media_url and not media_url.endswith("/"):
        media_url += "/"
    return {
        "default": {
            "BACKEND": "kriya.ops.storages.MediaStorage",
            "OPTIONS": {
                **common,
                "location": f"{prefix}/media" if prefix else "media",
                "querystring_auth": False,
                "object_parameters": {"CacheControl": "public, max-age=604800"},
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": f"{prefix}/private" if prefix else "private",
                # Only signed, short-lived links if anything ever asks for one.
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
        "media_url": media_url,
    }
