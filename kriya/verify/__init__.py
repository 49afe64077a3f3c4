"""Signed, offline-verifiable documents.

This package is two things at once: a Django app (keys, the register of issued
documents, status lists, the public /verifikasi/ page) and, in its Django-free
modules, the offline verifier run as `python -m kriya.verify`. Nothing imported by
`kriya.verify` itself or by its offline modules may import Django.
"""
