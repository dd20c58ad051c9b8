"""Bytes a lobby kiosk downloads on its first load (kiosk/: HTML, CSS, JS), next to the app's floor.

Run: python bench/kiosk_weight.py      (in-process, Flask test client; no server needed)

"sent" is what the app puts on the wire to Chromium (`Accept-Encoding: gzip, deflate, br,
zstd`): WhiteNoise serves kiosk/ from the brotli copies it made at start. "gzip" is each file
compressed alone at level 6, what nginx's gzip_static copies or `gzip_comp_level 6` send.
HTTP headers are not counted. The floors, measured in the same run: /api/salud (the smallest
answer the app gives) and the home page's cold load, against the 30 KB budget of
bench/page_weight.py. After the first load the kiosk asks for its data (the sede's services,
the fee choices and this year's table, kept for offline use): printed apart, since they are
JSON, cached by ETag, and not part of what the screen needs to appear.
"""

import tempfile
from datetime import date
from pathlib import Path

import common
from page_weight import BROWSER_ENCODINGS, BUDGET_BYTES, AssetSizes, gzip_size, sent_size

KIOSK = "/kiosk/?sede=alzamora"


def row(name: str, raw: int, gz: int, sent: int) -> None:
    print(f"  {name:<40} {raw:>8} {gz:>8} {sent:>8}")


def main() -> None:
    print(f"Accept-Encoding: {BROWSER_ENCODINGS}; gzip level 6 per file; no HTTP headers.\n")
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as folder:
        app = common.demo_app(Path(folder))
        browser = common.InProcessBrowser(app)
        page = browser.get(KIOSK)
        if page.status != 200:
            raise SystemExit(f"{KIOSK} answered {page.status}")
        assets = AssetSizes(browser)
        urls = assets.all_for("/kiosk/", page.text)

        print("Kiosk first load, bytes")
        print(f"  {'file':<40} {'raw':>8} {'gzip':>8} {'sent':>8}")
        html_sent = sent_size(browser, KIOSK)
        row(KIOSK, len(page.body), gzip_size(page.body), html_sent)
        totals = [len(page.body), gzip_size(page.body), html_sent]
        for url in urls:
            raw, gz = assets.of(url)
            row(url, raw, gz, assets.sent[url])
            totals = [totals[0] + raw, totals[1] + gz, totals[2] + assets.sent[url]]
        row("total", *totals)
        print()

        print("Data it fetches next (JSON; revalidated by ETag, kept for offline use)")
        print(f"  {'answer':<40} {'raw':>8} {'gzip':>8} {'sent':>8}")
        for path in (
            "/api/sedes/alzamora/quiosco",
            "/api/aranceles/opciones",
            f"/api/aranceles/tabla/{date.today().year}",
        ):
            data = browser.get(path)
            row(path, len(data.body), gzip_size(data.body), sent_size(browser, path))
        print()

        health = browser.get("/api/salud")
        home = browser.get("/")
        home_urls = assets.all_for("/", home.text)
        home_gz = gzip_size(home.body) + sum(assets.of(u)[1] for u in home_urls)  # fetches
        home_sent = sent_size(browser, "/") + sum(assets.sent[u] for u in home_urls)
        print("Floors, same run")
        print(
            f"  /api/salud: {len(health.body)} bytes raw, {sent_size(browser, '/api/salud')} sent"
        )
        print(f"  home page cold load: {home_gz} gzip bytes, {home_sent} sent")
        verdict = "ok" if totals[1] <= BUDGET_BYTES else "OVER"
        print(
            f"\nKiosk first load: {totals[2]} bytes sent ({totals[2] / 1024:.1f} KB), "
            f"{totals[1]} gzip ({totals[1] / 1024:.1f} KB): {totals[1] / home_gz:.0%} of the "
            f"home page's cold load; budget {BUDGET_BYTES} gzip bytes: {verdict}."
        )


if __name__ == "__main__":
    main()
