"""The OpenAPI schema answers parallel requests: it is generated once and served from memory."""

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from baqylau.api import views


def test_parallel_requests_for_the_schema_all_get_it(live_server, monkeypatch):
    monkeypatch.setattr(views, "_schemas", {}, raising=False)

    def fetch(_n):
        with urllib.request.urlopen(f"{live_server.url}/api/schema/", timeout=60) as response:
            return response.status, response.read()

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(fetch, range(6)))
    assert [status for status, _body in answers] == [200] * 6
    bodies = {body for _status, body in answers}
    assert len(bodies) == 1
    assert json.loads(bodies.pop())["openapi"].startswith("3.")


def test_the_schema_follows_the_language_and_the_format(client, monkeypatch):
    monkeypatch.setattr(views, "_schemas", {}, raising=False)
    english = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").json()
    russian = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert english["info"]["description"].startswith("Read-only open data")
    assert russian["info"]["description"] != english["info"]["description"]
    yaml = client.get("/api/schema/?format=yaml")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"openapi: 3" in yaml.content
