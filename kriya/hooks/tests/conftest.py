import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kriya.accounts.models import Role


@pytest.fixture
def administrator(make_user, agency, member):
    user = make_user("admin@agency.test", full_name="Ani", is_staff=True)
    return member(user, agency, Role.ADMINISTRATOR)


@pytest.fixture
def desk_officer(make_user, agency, member):
    return member(make_user("desk@agency.test", full_name="Dewi"), agency, Role.DESK)


@pytest.fixture
def webhooks_on(settings):
    settings.KRIYA_WEBHOOKS = True


class Receiver:
    """A local integrator: records each POST; answers `self.status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append({"headers": self.headers, "body": body, "json": json.loads(body)})
            self.send_response(state.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
