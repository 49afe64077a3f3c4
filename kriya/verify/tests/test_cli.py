"""`python -m kriya.verify` runs without Django settings and without any network."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kriya.verify import payload, statuslist
from kriya.verify.keyring import key_entry
from kriya.verify.statuslist import Code, StatusList

from .conftest import make_claims

ROOT = Path(__file__).resolve().parents[3]
# Refuse every socket in the child: the verifier must not need one.
NO_NETWORK = (
    "import runpy, socket, sys\n"
    "def refuse(*a, **k): raise OSError('network used')\n"
    "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
    "runpy.run_module('kriya.verify', run_name='__main__', alter_sys=True)\n"
)


def offline_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "KRIYA"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run(*args, stdin=None):
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-c", NO_NETWORK, *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=offline_env(),
        cwd=ROOT,
        timeout=60,
    )


def signed_list(signer, codes, *, issued_at=None, number=1) -> bytes:
    issued_at = issued_at or datetime.now(UTC).replace(microsecond=0)
    return statuslist.sign(
        StatusList.build(number, codes),
        signer.private,
        signer.kid,
        issuer="https://kriya.test",
        url=f"https://kriya.test/verifikasi/status/{number}.cwt",
        issued_at=issued_at,
        expires_at=issued_at + timedelta(days=1),
        ttl=300,
    )


@pytest.fixture
def files(tmp_path, signer):
    keys = tmp_path / "kriya-keys.json"
    keys.write_text(
        json.dumps({"keys": [key_entry(kid=signer.kid, public_key=signer.public, status="active")]})
    )
    status = tmp_path / "status-1.cwt"
    status.write_bytes(signed_list(signer, {8: Code.SUSPENDED}))
    return keys, status


def test_a_valid_payload_exits_zero_and_prints_the_key_facts(signer, files):
    keys, status = files
    text = payload.sign(make_claims(status_index=7), signer.private, signer.kid)
    done = run(text, "--keys", str(keys), "--status", str(status), "--today", "2026-06-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("valid:")
    assert "LSPRO/BM/0001/2026" in done.stdout
    assert "Batik Sekar Jagad" in done.stdout
    assert "9120000000001" in done.stdout
    assert "2029-01-04" in done.stdout


def test_json_output_carries_the_verdict_and_claims(signer, files):
    keys, status = files
    text = payload.sign(make_claims(status_index=8), signer.private, signer.kid)
    done = run(
        text, "--keys", str(keys), "--status", str(status), "--json", "--today", "2026-06-01"
    )
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["verdict"] == "suspended"
    assert result["claims"]["number"] == "LSPRO/BM/0001/2026"
    assert result["status_checked"] is True


def test_expiry_follows_the_today_option(signer, files):
    keys, _ = files
    text = payload.sign(make_claims(), signer.private, signer.kid)
    done = run(text, "--keys", str(keys), "--today", "2029-01-05")
    assert done.returncode == 1
    assert done.stdout.startswith("expired:")


def test_without_a_status_list_it_warns_that_status_was_not_checked(signer, files):
    keys, _ = files
    text = payload.sign(make_claims(), signer.private, signer.kid)
    done = run(text, "--keys", str(keys), "--today", "2026-06-01")
    assert done.returncode == 0
    assert "tidak diperiksa" in done.stdout


def test_the_payload_can_come_from_standard_input(signer, files):
    keys, _ = files
    text = payload.sign(make_claims(), signer.private, signer.kid)
    done = run("-", "--keys", str(keys), "--json", "--today", "2026-06-01", stdin=text + "\n")
    assert json.loads(done.stdout)["verdict"] == "valid"


def test_garbage_is_not_registered_and_exits_one(files):
    keys, _ = files
    done = run("bukan kode", "--keys", str(keys))
    assert done.returncode == 1
    assert done.stdout.startswith("not_registered:")


def test_the_unsigned_json_status_list_is_refused(signer, files, tmp_path):
    keys, _ = files
    unsigned = tmp_path / "status-1.json"
    unsigned.write_text(json.dumps(StatusList.build(1, {}).to_json()))
    text = payload.sign(make_claims(), signer.private, signer.kid)
    done = run(text, "--keys", str(keys), "--status", str(unsigned))
    assert done.returncode == 2
    assert "unsigned" in done.stderr and ".cwt" in done.stderr


def test_a_tampered_status_list_is_rejected_with_its_own_verdict(signer, files):
    keys, status = files
    token = bytearray(status.read_bytes())
    token[-70] ^= 0x01  # a bit inside the signed claims or the signature
    status.write_bytes(bytes(token))
    text = payload.sign(make_claims(status_index=8), signer.private, signer.kid)
    done = run(text, "--keys", str(keys), "--status", str(status), "--today", "2026-06-01")
    assert done.returncode == 1
    assert done.stdout.startswith("status_list_invalid: DAFTAR STATUS TIDAK SAH")


def test_an_expired_status_list_is_rejected_with_its_own_verdict(signer, files):
    keys, status = files
    status.write_bytes(signed_list(signer, {}, issued_at=datetime(2026, 1, 1, tzinfo=UTC)))
    text = payload.sign(make_claims(), signer.private, signer.kid)
    done = run(
        text, "--keys", str(keys), "--status", str(status), "--json", "--today", "2026-06-01"
    )
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["verdict"] == "status_list_expired"
    assert result["status_stale"] is True


def test_a_revoked_key_is_read_from_the_keys_file(signer, files):
    keys, status = files
    entry = key_entry(
        kid=signer.kid,
        public_key=signer.public,
        status="revoked",
        revoked="2026-05-02T00:00:00Z",
        compromised="2026-05-01T00:00:00Z",
    )
    keys.write_text(json.dumps({"keys": [entry]}))
    before = int(datetime(2026, 4, 30, tzinfo=UTC).timestamp())
    after = int(datetime(2026, 5, 1, 12, tzinfo=UTC).timestamp())
    signed_before = payload.sign(make_claims(), signer.private, signer.kid, issued_at=before)
    signed_after = payload.sign(make_claims(), signer.private, signer.kid, issued_at=after)
    done = run(signed_before, "--keys", str(keys), "--today", "2026-06-01")
    assert done.returncode == 0 and done.stdout.startswith("valid:")
    assert "dicabut sejak 2026-05-01 00:00 UTC" in done.stdout
    done = run(signed_after, "--keys", str(keys), "--today", "2026-06-01", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["verdict"] == "key_revoked"
    assert result["key_revoked_since"] == "2026-05-01T00:00:00Z"
    assert result["claims"] is None


def test_an_unreadable_keys_file_exits_two(tmp_path):
    bad = tmp_path / "keys.json"
    bad.write_text("{}")
    done = run("KRY1:ABC", "--keys", str(bad))
    assert done.returncode == 2
    assert "keys" in done.stderr


def test_the_offline_modules_never_import_django():
    code = (
        "import sys\n"
        "import kriya.verify, kriya.verify.offline, kriya.verify.payload, kriya.verify.qr\n"
        "import kriya.verify.keyring, kriya.verify.statuslist, kriya.verify.__main__\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django'\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=offline_env(), cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
