"""Compression without nginx: static files from copies compressed once, pages by the app."""

import gzip
import os
import re
import shutil

import brotli

from blueprints.assets import precompress

BROWSER = "gzip, deflate, br, zstd"  # what Chromium and Firefox send


def htmx_url(client) -> str:
    return re.search(r'src="(/static/vendor/htmx[^"]+)"', client.get("/").text).group(1)


def test_htmx_goes_out_as_brotli_or_gzip_with_its_year_of_cache(client):
    url = htmx_url(client)
    with open(
        os.path.join(client.application.static_folder, url.split("/static/")[1].split("?")[0]), "rb"
    ) as fh:
        original = fh.read()

    with client.get(url, headers={"Accept-Encoding": BROWSER}) as response:
        body = response.get_data()
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(body) == original
        assert len(body) < 20 * 1024 < len(original)
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Accept-Encoding" in response.headers["Vary"]

    with client.get(url, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.get_data()) == original

    with client.get(url) as response:  # a client that accepts no encoding gets the file itself
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == original


def test_static_copies_are_made_once_and_again_only_when_the_file_changes(tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "..", "static"), folder)
    for copy in folder.rglob("*.[bg][rz]"):
        copy.unlink()
    css = folder / "site.css"

    precompress(str(folder))
    made = {suffix: os.stat(f"{css}{suffix}").st_ino for suffix in (".br", ".gz")}
    assert gzip.decompress((folder / "site.css.gz").read_bytes()) == css.read_bytes()

    precompress(str(folder))  # the next start: nothing changed, nothing is written
    assert {suffix: os.stat(f"{css}{suffix}").st_ino for suffix in made} == made

    css.write_text(css.read_text() + "\n/* changed */\n")
    precompress(str(folder))
    assert gzip.decompress((folder / "site.css.gz").read_bytes()) == css.read_bytes()
    assert brotli.decompress((folder / "site.css.br").read_bytes()) == css.read_bytes()


def test_pages_are_compressed_by_the_app(client):
    plain = client.get("/")
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.get_data()) == plain.get_data()
    assert len(response.get_data()) < len(plain.get_data()) / 2
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store"  # the security headers still there


def test_tiny_answers_are_sent_as_they_are(client):
    response = client.get("/api/salud", headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.get_json() == {"status": "ok"}


def test_a_compressed_answer_with_an_etag_is_revalidated_with_a_304(client):
    """The kiosk's fee table goes out compressed, its ETag marked with the encoding; the
    browser's copy, revalidated with that ETag, costs a 304 and no body."""
    first = client.get("/api/aranceles/tabla/2026", headers={"Accept-Encoding": BROWSER})
    assert first.headers["Content-Encoding"] == "zstd"
    assert first.headers["ETag"].endswith(':zstd"')
    again = client.get(
        "/api/aranceles/tabla/2026",
        headers={"Accept-Encoding": BROWSER, "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""


def test_a_page_without_an_etag_is_not_made_conditional(client):
    """No ETag, nothing to decide: no 304, no Date or Accept-Ranges of werkzeug's own (the
    server adds its Date)."""
    response = client.get("/", headers={"Accept-Encoding": BROWSER, "If-None-Match": "*"})
    assert response.status_code == 200
    assert "Date" not in response.headers and "Accept-Ranges" not in response.headers
