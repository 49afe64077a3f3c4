"""The contract every WhatsApp adapter passes (kriya/desk/adapters/whatsapp.py): template
messages only, a message id back, permanent and retryable refusals told apart, a
harmless connection check. A real adapter is added to ADAPTERS with a test number."""

import hashlib
import hmac
import json

import pytest

from kriya.desk.adapters import whatsapp
from kriya.desk.channels import KINDS, TEMPLATE_PARAMETERS


@pytest.fixture(autouse=True)
def _fresh_fake():
    whatsapp.FakeWhatsApp.reset()
    yield
    whatsapp.FakeWhatsApp.reset()


ADAPTERS = [pytest.param(whatsapp.FakeWhatsApp, "+6281234567890", id="fake")]


@pytest.mark.parametrize(("factory", "number"), ADAPTERS)
def test_a_template_message_returns_its_id(factory, number):
    message_id = factory().send_template(
        to=number,
        template="kriya_status_permohonan",
        language="id",
        parameters=["a", "b", "c", "d"],
    )
    assert isinstance(message_id, str) and message_id


@pytest.mark.parametrize(("factory", "number"), ADAPTERS)
def test_a_bad_number_is_a_permanent_refusal(factory, number):
    with pytest.raises(whatsapp.WhatsAppError) as error:
        factory().send_template(
            to="0812", template="kriya_status_permohonan", language="id", parameters=[]
        )
    assert error.value.retry is False


@pytest.mark.parametrize(("factory", "number"), ADAPTERS)
def test_the_connection_check_is_a_harmless_read(factory, number):
    assert factory().check() is None


def test_there_is_no_free_text_sender():
    for adapter in (whatsapp.FakeWhatsApp, whatsapp.CloudApi):
        public = {name for name in dir(adapter) if not name.startswith("_")}
        assert not {"send_text", "send_message", "send"} & public


def test_the_fake_records_and_simulates_refusals():
    fake = whatsapp.FakeWhatsApp()
    fake.send_template(to="+628111", template="kriya_tagihan", language="en", parameters=[1, 2])
    assert whatsapp.FakeWhatsApp.outbox[0].parameters == ["1", "2"]
    whatsapp.FakeWhatsApp.limited.add("+628222")
    with pytest.raises(whatsapp.WhatsAppError) as error:
        fake.send_template(to="+628222", template="kriya_tagihan", language="id", parameters=[])
    assert error.value.retry is True


def test_the_cloud_api_request_is_a_template(monkeypatch, settings):
    settings.KRIYA_WHATSAPP_TOKEN, settings.KRIYA_WHATSAPP_PHONE_ID = "tok", "123"
    seen = {}

    def call(self, method, path, body=None):
        seen.update(method=method, path=path, body=body)
        return {"messages": [{"id": "wamid.X"}]}

    monkeypatch.setattr(whatsapp.CloudApi, "_call", call)
    got = whatsapp.CloudApi().send_template(
        to="+6281", template="kriya_pengingat", language="en", parameters=["Siti", "x", "y", "z"]
    )
    assert got == "wamid.X" and seen["path"] == "123/messages"
    assert seen["body"]["type"] == "template" and seen["body"]["to"] == "6281"
    assert seen["body"]["template"]["language"] == {"code": "en"}
    assert [p["text"] for p in seen["body"]["template"]["components"][0]["parameters"]] == [
        "Siti",
        "x",
        "y",
        "z",
    ]


def test_meta_signature_is_checked_independently():
    body = json.dumps(whatsapp.FakeWhatsApp.status_payload("wamid.1", "read")).encode()
    header = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert whatsapp.verify_signature("app-secret", body, header)
    assert not whatsapp.verify_signature("other", body, header)
    assert not whatsapp.verify_signature("app-secret", body + b" ", header)
    assert not whatsapp.verify_signature("", body, header)


def test_every_template_named_in_the_table_has_its_parameter_count():
    assert {k.template for k in KINDS.values() if k.template} <= set(TEMPLATE_PARAMETERS)
