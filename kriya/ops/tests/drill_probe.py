"""Run inside a restored installation by the backup drill (a separate process with its
own settings): prints, as JSON, what the drill compares with the original — the row
count of every table, the SHA-256 of every stored file — and what a verifier sees of a
certificate: the verdicts of /verifikasi/ and the published keys and signed status lists.

    python -m kriya.ops.tests.drill_probe QR_TEXT
"""

import base64
import hashlib
import json
import os
import sys


def main(qr_text: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.files.storage import storages
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kriya.ops.backup import STORAGE_ALIASES, walk
    from kriya.ops.databases import count_rows, model_tables
    from kriya.verify.models import StatusList

    with connection.cursor() as cursor:
        tables = count_rows(cursor, model_tables(), connection.ops.quote_name)
    files = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in walk(storage):
            with storage.open(name, "rb") as fh:
                files[f"{alias}/{name}"] = hashlib.sha256(fh.read()).hexdigest()
    # Pages use the cache; the database cache's table is not part of a backup.
    call_command("createcachetable", verbosity=0)
    setup_test_environment()
    client = Client()
    page = client.get("/verifikasi/", {"q": qr_text})
    # The signed lists (COSE_Sign1), as an offline verifier downloads them; base64 in JSON.
    lists = {
        n: base64.b64encode(client.get(f"/verifikasi/status/{n}.cwt").content).decode()
        for n in StatusList.objects.values_list("pk", flat=True)
    }
    json.dump(
        {
            "tables": tables,
            "files": files,
            "page_status": page.status_code,
            "page_verdicts": [r["verdict"] for r in page.context["results"]],
            "keys": client.get("/.well-known/kriya-keys.json").content.decode(),
            "status_lists": lists,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1])
