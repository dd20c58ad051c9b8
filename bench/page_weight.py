"""Bytes each page of the booking flow costs a citizen on a phone: cold load and htmx step.

Run: python bench/page_weight.py      (in-process, Flask test client; no server needed)

A cold load is the page's HTML plus every stylesheet and script it references, as a first
visit with an empty cache fetches them. Each response is compressed on its own with gzip
level 6, which is what nginx sends with `gzip_comp_level 6`; its gzip_types must list
text/css and text/javascript (what Flask labels .js; nginx's own mime.types says
application/javascript when it serves /static itself), since the default is text/html
only. HTTP headers are not counted. The budget is 30 KB (30 x 1024 bytes) of gzip per
cold page.

"sent" is what the app itself puts on the wire, with no nginx in front, to a browser that says
`Accept-Encoding: gzip, deflate, br, zstd` (Chromium, Firefox): the body bytes of each answer,
static files from their pre-compressed copies (WhiteNoise), pages compressed by Flask-Compress.

With JavaScript on, only the first page is a cold load: each later step is an htmx request
(HX-Request: true) that transfers just the #step fragment, printed in the second table.
"""

import gzip
import re
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import common

BUDGET_BYTES = 30 * 1024
GZIP_LEVEL = 6
BROWSER_ENCODINGS = (
    "gzip, deflate, br, zstd"  # nginx's gzip_comp_level most deployments use; its default is 1
)

# The datos form sent empty: every field gets its error (the heaviest error page).
EMPTY_IDENTITY = {name: "" for name in common.PERSON}


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL))


def referenced_assets(page_path: str, html: str) -> list[str]:
    """URLs of the stylesheets, scripts and images a browser fetches to render the page."""
    urls = []
    for tag, attrs in common.tags(html):
        if tag == "link" and "stylesheet" in attrs.get("rel", "").split() and attrs.get("href"):
            urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            urls.append(attrs["src"])
    return [urljoin(page_path, url) for url in urls]


def css_imports(css_path: str, css: str) -> list[str]:
    """url(...) references inside a stylesheet (fonts, images); data: URIs cost nothing more."""
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    return [urljoin(css_path, url) for url in found if not url.startswith("data:")]


class AssetSizes:
    """Fetches each asset once and remembers (raw, gzip) bytes, like a browser's cache would."""

    def __init__(self, browser):
        self.browser = browser
        self.sizes: dict[str, tuple[int, int]] = {}
        self.sent: dict[str, int] = {}

    def of(self, url: str) -> tuple[int, int]:
        if url not in self.sizes:
            response = self.browser.get(url)
            if response.status != 200:
                print(f"  ! {url} answered {response.status}")
            self.sizes[url] = (len(response.body), gzip_size(response.body))
            self.sent[url] = sent_size(self.browser, url)
        return self.sizes[url]

    def all_for(self, page_path: str, html: str) -> list[str]:
        """Every asset URL a cold load of the page fetches, including those its CSS pulls."""
        urls = referenced_assets(page_path, html)
        for url in list(urls):
            if url.split("?")[0].endswith(".css"):
                urls += css_imports(url, self.browser.get(url).text)
        return list(dict.fromkeys(urls))  # each URL once, in order


def sent_size(browser, path: str) -> int:
    """Body bytes the app sends a browser that accepts gzip, brotli and zstd."""
    response = browser.client.get(path, headers={"Accept-Encoding": BROWSER_ENCODINGS})
    size = len(response.get_data())
    response.close()
    return size


def measure(
    name: str, full: common.Page, fragment: common.Page, assets: AssetSizes, html_sent: int
) -> dict:
    """One table row: the page alone, its assets, the cold total and its htmx fragment."""
    urls = assets.all_for(full.path, full.text)
    assets_raw = sum(assets.of(url)[0] for url in urls)
    assets_gz = sum(assets.of(url)[1] for url in urls)
    html_gz = gzip_size(full.body)
    return {
        "name": name,
        "status": full.status,
        "html_raw": len(full.body),
        "html_gz": html_gz,
        "assets_raw": assets_raw,
        "assets_gz": assets_gz,
        "total_raw": len(full.body) + assets_raw,
        "total_gz": html_gz + assets_gz,
        "html_sent": html_sent,
        "total_sent": html_sent + sum(assets.sent[url] for url in urls),
        "fragment_status": fragment.status,
        "fragment_raw": len(fragment.body),
        "fragment_gz": gzip_size(fragment.body),
    }


def walk_and_measure(browser) -> tuple[list[dict], dict]:
    """Book one appointment, measuring each page (full and as a fragment) on the way.

    Returns the table rows and the asset sizes {url: (raw, gzip)}.
    """
    assets = AssetSizes(browser)
    rows = []

    def page(name, path):
        full = browser.get(path)
        sent = sent_size(browser, path)
        rows.append(measure(name, full, browser.get(path, hx=True), assets, sent))

    page("home", "/")
    page("start", "/citas/")
    page("datos", "/citas/datos")

    # The error page is the answer to a POST; the fragment is the same POST sent by htmx.
    token = common.csrf_token(browser.get("/citas/datos").text)
    invalid = {**EMPTY_IDENTITY, "csrf_token": token}
    rows.append(
        measure(
            "datos (errores)",
            browser.post("/citas/datos", invalid),
            browser.post("/citas/datos", invalid, hx=True),
            assets,
            len(
                browser.client.post(
                    "/citas/datos", data=invalid, headers={"Accept-Encoding": BROWSER_ENCODINGS}
                ).get_data()
            ),
        )
    )

    common.submit_identity(browser)
    for name, path in zip(("sede", "servicio", "dia", "hora"), common.CHOICE_STEPS, strict=True):
        page(name, path)
        common.choose(browser, path)
    page("revisar", "/citas/revisar")
    ticket = common.confirm(browser)
    page("ticket", ticket.path)
    return rows, assets.sizes


def print_assets(sizes: dict) -> None:
    print("Assets (fetched once per cold load; later cached for a year, URLs carry a hash)")
    print(f"  {'asset':<48} {'raw':>7} {'gzip':>7}")
    for url, (raw, gz) in sizes.items():
        print(f"  {url:<48} {raw:>7} {gz:>7}")
    print()


def print_cold_loads(rows: list[dict]) -> None:
    print(f"Cold load per page, bytes (budget {BUDGET_BYTES} gzip bytes = 30 KB)")
    header = (
        f"  {'page':<16} {'status':>6} {'html':>7} {'html gz':>8} {'css+js':>7} "
        f"{'css+js gz':>9} {'total':>7} {'total gz':>8}  budget"
    )
    print(header)
    for r in rows:
        verdict = "ok" if r["total_gz"] <= BUDGET_BYTES else "OVER"
        print(
            f"  {r['name']:<16} {r['status']:>6} {r['html_raw']:>7} {r['html_gz']:>8} "
            f"{r['assets_raw']:>7} {r['assets_gz']:>9} {r['total_raw']:>7} {r['total_gz']:>8}  "
            f"{verdict} ({r['total_gz'] / 1024:.1f} KB)"
        )
    print()


def print_sent(rows: list[dict]) -> None:
    print(f"Cold load as the app sends it without nginx (Accept-Encoding: {BROWSER_ENCODINGS})")
    print(f"  {'page':<16} {'html sent':>9} {'total sent':>10} {'total raw':>9}")
    for r in rows:
        print(f"  {r['name']:<16} {r['html_sent']:>9} {r['total_sent']:>10} {r['total_raw']:>9}")
    print()


def print_fragments(rows: list[dict]) -> None:
    print("htmx fragment per step (HX-Request: true), bytes: what JS-on navigation transfers")
    print(f"  {'page':<16} {'status':>6} {'raw':>7} {'gzip':>7}")
    for r in rows:
        print(
            f"  {r['name']:<16} {r['fragment_status']:>6} {r['fragment_raw']:>7} "
            f"{r['fragment_gz']:>7}"
        )
    print()


def print_heaviest_asset(rows: list[dict], sizes: dict) -> None:
    """Say what dominates the cold load, so an over-budget page has an obvious culprit."""
    url, (raw, gz) = max(sizes.items(), key=lambda item: item[1][1])
    worst = max(rows, key=lambda r: r["total_gz"])
    print(
        f"Heaviest asset: {url.split('?')[0]}, {gz} gzip bytes ({raw} raw), "
        f"{gz / worst['total_gz']:.0%} of the heaviest cold load ({worst['name']}, "
        f"{worst['total_gz']} gzip bytes)."
    )


def main() -> None:
    print(
        f"gzip level {GZIP_LEVEL} per response (as nginx gzip_comp_level {GZIP_LEVEL}); "
        "HTTP headers not counted.\n"
    )
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as folder:
        app = common.demo_app(Path(folder))
        rows, sizes = walk_and_measure(common.InProcessBrowser(app))
    print_assets(sizes)
    print_cold_loads(rows)
    print_sent(rows)
    print_fragments(rows)
    print_heaviest_asset(rows, sizes)


if __name__ == "__main__":
    main()
