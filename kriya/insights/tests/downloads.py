"""Reading the open-data files the views stream (FileResponse)."""


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)
