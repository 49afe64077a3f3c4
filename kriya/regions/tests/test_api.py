import pytest


@pytest.mark.django_db
def test_regions_are_public(client, regions):
    response = client.get("/api/v1/regions", {"parent": "35.13"})
    assert response.status_code == 200
    assert [r["code"] for r in response.json()] == ["35.13.01", "35.13.20"]
