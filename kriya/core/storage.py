"""Storages. Private documents live outside the web root and are served only through
access-checked views. Every file goes through Django's storage API (never a path built
by hand), so both storages can be a local folder or S3-compatible object storage
(KRIYA_STORAGE_URL, docs/operations.md)."""

from django.core.files.storage import storages
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    """Stands for `storages["private"]`, looked up again on every use: a FileField keeps
    the storage it was given when its model was defined, and this way a change of
    STORAGES (a test's folder or object store) still reaches every private field."""

    @property
    def _wrapped(self):
        return storages["private"]

    def _setup(self):
        pass


_private = _PrivateStorage()


def private_storage():
    return _private
