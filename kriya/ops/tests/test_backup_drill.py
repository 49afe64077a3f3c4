"""The backup → restore drill, on the database the suite runs on (SQLite, or PostgreSQL
with DATABASE_URL): seed, back up, restore into a fresh empty installation (its own
database and folders, in another process, as an operator would), then find every
table's row count and every file's checksum unchanged, and a certificate issued before
the backup still valid on /verifikasi/ and offline."""

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kriya.certification import register
from kriya.certification.tests.conftest import pdf_upload
from kriya.core.images import process_image
from kriya.desk import services as desk_services
from kriya.desk.models import ServiceDocument
from kriya.desk.models import Status as RequestStatus
from kriya.ops import databases
from kriya.ops.backup import STORAGE_ALIASES, walk
from kriya.ops.databases import count_rows, model_tables
from kriya.ops.restore import read_manifest
from kriya.registry import services as registry_services
from kriya.registry.tests.factories import image_bytes
from kriya.verify.keyring import load_keys
from kriya.verify.offline import verify
from kriya.verify.tests.test_cli import run as run_offline_verifier

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def seeded(flow, decision_maker, owner, products, make_request, catalogue):
    """A business with products and a photo, a draft request with a document, and a
    granted certificate (its PDF in private storage, its signed QR in the register).
    Returns the certificate's register entry."""
    certificate = flow.certificate(decision_maker)
    photo = SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")
    registry_services.add_product_photos(
        product=products["tulis"], images=[process_image(photo)], by=owner
    )
    ServiceDocument.objects.create(
        service=catalogue["batikmark"],
        code="surat_permohonan",
        name_id="Surat permohonan",
        is_mandatory=True,
    )
    draft = make_request("batikmark", [products["cap"]], status=RequestStatus.DRAFT)
    desk_services.upload_document(
        request=draft, slot="surat_permohonan", file=pdf_upload("surat.pdf"), by=owner
    )
    return register.document_of(certificate)


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor, model_tables(), connection.ops.quote_name)


def file_checksums() -> dict[str, str]:
    checksums = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in walk(storage):
            with storage.open(name, "rb") as fh:
                checksums[f"{alias}/{name}"] = hashlib.sha256(fh.read()).hexdigest()
    return checksums


def _admin_connection():
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def target(tmp_path):
    """The environment of a fresh, empty installation: its own folders (KRIYA_VAR_DIR)
    and, on PostgreSQL, a new empty database beside the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KRIYA_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KRIYA_VAR_DIR": str(tmp_path / "restored"),
            "KRIYA_SECRET_KEY": settings.SECRET_KEY,
            "KRIYA_SIGNING_KEY_SECRET": settings.KRIYA_SIGNING_KEY_SECRET,
            "KRIYA_PUBLIC_URL": settings.KRIYA_PUBLIC_URL,
            "KRIYA_SSL_REDIRECT": "0",
            "KRIYA_REGIONS_CSV": str(settings.KRIYA_REGIONS_CSV),
            "KRIYA_REFERENCE_YAML": str(settings.KRIYA_REFERENCE_YAML),
        }
    )
    if connection.vendor != "postgresql":
        yield env
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(params["USER"] or "postgres", safe="")
    if params["PASSWORD"]:
        auth += ":" + quote(params["PASSWORD"], safe="")
    host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    env["DATABASE_URL"] = f"postgres://{auth}@{host}/{name}"
    yield env
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


def probe(env, qr_text: str) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "kriya.ops.tests.drill_probe", qr_text],
        capture_output=True,
        text=True,
        # Debug only for the pages' static files (no collectstatic manifest here).
        env={**env, "KRIYA_DEBUG": "1"},
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def back_up(tmp_path, **options) -> Path:
    archive = tmp_path / "drill.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO(), **options)
    return archive


@pytest.mark.parametrize("db_format", ["native", "json"])
def test_a_restored_backup_has_every_row_every_file_and_a_certificate_that_still_verifies(
    seeded, target, tmp_path, db_format
):
    document = seeded
    rows, files = table_counts(), file_checksums()
    assert any(name.startswith("private/") for name in files)
    assert any(name.startswith("default/") for name in files)

    archive = back_up(tmp_path, db_format=db_format)
    restored = manage(target, "restore", str(archive))

    native = databases.SQLITE if connection.vendor == "sqlite" else databases.PG_DUMP
    expected = native if db_format == "native" else databases.DJANGO_JSON
    assert read_manifest(archive)["database"]["format"] == expected

    assert restored.returncode == 0, restored.stderr
    private = sum(name.startswith("private/") for name in files)
    assert f"private documents: {private} files" in restored.stdout
    seen = probe(target, document.qr_text)
    assert seen["tables"] == rows
    assert seen["files"] == files
    assert seen["page_status"] == 200
    assert seen["page_verdicts"] == ["valid"]
    keys = load_keys(seen["keys"].encode())
    lists = [base64.b64decode(signed) for signed in seen["status_lists"].values()]
    assert verify(document.qr_text, keys, lists, today=timezone.localdate()).verdict == "valid"
    (tmp_path / "keys.json").write_text(seen["keys"])
    signed = seen["status_lists"][str(document.status_list_id)]
    (tmp_path / "status.cwt").write_bytes(base64.b64decode(signed))
    offline = run_offline_verifier(
        document.qr_text,
        "--keys",
        str(tmp_path / "keys.json"),
        "--status",
        str(tmp_path / "status.cwt"),
        "--json",
    )
    assert json.loads(offline.stdout)["verdict"] == "valid"


def test_restore_refuses_a_target_that_is_not_empty_unless_forced(seeded, target, tmp_path):
    rows = table_counts()
    archive = back_up(tmp_path)
    assert manage(target, "restore", str(archive)).returncode == 0

    again = manage(target, "restore", str(archive))
    forced = manage(target, "restore", str(archive), "--force")

    assert again.returncode != 0
    assert "not empty" in again.stderr and "--force" in again.stderr
    assert forced.returncode == 0, forced.stderr
    assert probe(target, seeded.qr_text)["tables"] == rows
