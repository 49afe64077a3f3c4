"""Storages. Private documents live outside the web root and are served only through
access-checked views; `private_storage` is a callable so tests can relocate it."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
