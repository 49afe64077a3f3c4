"""`make run` generates its secrets once into var/ and reuses them; settings read them."""

import json
import os
import stat
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

from config.local_secrets import ensure_local_secrets, ensure_secret, read_secret, resolve


def test_a_secret_is_generated_once_readable_only_by_its_owner(tmp_path):
    path = tmp_path / "var" / "secret_key"
    assert ensure_secret(path) is True
    first = read_secret(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_secret(path) is False
    assert read_secret(path) == first


def test_two_installs_get_different_secrets(tmp_path):
    ensure_secret(tmp_path / "a")
    ensure_secret(tmp_path / "b")
    assert read_secret(tmp_path / "a") != read_secret(tmp_path / "b")


def test_the_environment_wins_over_the_file_and_no_file_is_made_for_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KRIYA_SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("KRIYA_SIGNING_KEY_SECRET", raising=False)
    created = ensure_local_secrets(tmp_path)
    assert created == [tmp_path / "signing_key_secret"]
    assert not (tmp_path / "secret_key").exists()
    assert resolve("KRIYA_SECRET_KEY", tmp_path) == "from-the-environment"
    assert resolve("KRIYA_SIGNING_KEY_SECRET", tmp_path) == read_secret(created[0])


def test_a_missing_file_resolves_to_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("KRIYA_SIGNING_KEY_SECRET", raising=False)
    assert resolve("KRIYA_SIGNING_KEY_SECRET", tmp_path) == ""


def test_the_command_creates_both_files_and_keeps_them_on_the_next_run(
    db, settings, tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv("KRIYA_SECRET_KEY", raising=False)
    monkeypatch.delenv("KRIYA_SIGNING_KEY_SECRET", raising=False)
    settings.VAR_DIR = tmp_path
    call_command("local_secrets")
    assert "secret_key" in capsys.readouterr().out
    kept = (tmp_path / "secret_key").read_text(), (tmp_path / "signing_key_secret").read_text()
    call_command("local_secrets")
    assert capsys.readouterr().out == ""
    assert (
        (tmp_path / "secret_key").read_text(),
        (tmp_path / "signing_key_secret").read_text(),
    ) == kept


def _settings_in_a_fresh_process(var_dir, **env) -> dict:
    script = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "from django.conf import settings as s\n"
        "print(json.dumps({'secret': s.SECRET_KEY, 'signing': s.KRIYA_SIGNING_KEY_SECRET,"
        " 'debug': s.DEBUG, 'redirect': s.SECURE_SSL_REDIRECT,"
        " 'secure_cookies': s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE,"
        " 'hsts': s.SECURE_HSTS_SECONDS, 'regions': str(s.KRIYA_REGIONS_CSV),"
        " 'reference': str(s.KRIYA_REFERENCE_YAML), 'log': s.LOGGING['handlers']['console']['formatter']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KRIYA_", "DATABASE_URL"))}
    clean.update(KRIYA_VAR_DIR=str(var_dir), **env)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_settings_read_the_generated_secrets_and_the_data_shipped_in_the_repository(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("KRIYA_SECRET_KEY", raising=False)
    monkeypatch.delenv("KRIYA_SIGNING_KEY_SECRET", raising=False)
    ensure_local_secrets(tmp_path)
    resolved = _settings_in_a_fresh_process(tmp_path)
    assert resolved["secret"] == read_secret(tmp_path / "secret_key")
    assert resolved["signing"] == read_secret(tmp_path / "signing_key_secret")
    base = str(settings.BASE_DIR)
    assert resolved["regions"] == f"{base}/kriya/regions/data/regions_id.csv"
    assert resolved["reference"] == f"{base}/kriya/core/data/reference.yaml"


def test_production_settings_keep_https_and_secure_cookies_unless_serving_on_loopback(tmp_path):
    server = _settings_in_a_fresh_process(tmp_path)
    assert (server["debug"], server["redirect"], server["secure_cookies"]) == (False, True, True)
    assert server["hsts"] > 0 and server["log"] == "json"
    local = _settings_in_a_fresh_process(tmp_path, KRIYA_LOCAL_HTTP="1")
    assert (local["debug"], local["redirect"], local["secure_cookies"]) == (False, False, False)
    assert local["hsts"] == 0 and local["log"] == "json"
    dev = _settings_in_a_fresh_process(tmp_path, KRIYA_DEBUG="1")
    assert dev["log"] == "text"
