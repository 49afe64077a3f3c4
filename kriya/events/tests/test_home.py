"""The events panels on "Beranda saya"."""

from django.urls import reverse

from .conftest import apply


def test_officer_sees_the_events_with_pending_applicants(client, event, business, owner, officer):
    apply(event, business, owner)
    client.force_login(officer)
    page = client.get(reverse("core:my_home")).content.decode()
    assert event.name in page and "1 pendaftar menunggu keputusan" in page


def test_owner_sees_their_application_and_open_calls(client, event, business, owner):
    client.force_login(owner)
    page = client.get(reverse("core:my_home")).content.decode()
    assert reverse("events:apply", args=[event.slug]) in page
    application = apply(event, business, owner)
    page = client.get(reverse("core:my_home")).content.decode()
    assert reverse("events:application", args=[application.pk]) in page


def test_another_regencys_officer_does_not_see_it(client, event, other_officer):
    client.force_login(other_officer)
    assert event.name not in client.get(reverse("core:my_home")).content.decode()
