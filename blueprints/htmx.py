"""The one place that reads htmx request headers."""

from flask import make_response, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    """True when htmx will swap part of the page (not a boost, not a history restore)."""
    hx = request.htmx
    return (
        bool(hx)
        and not hx.boosted
        and not hx.history_restore_request
        and request.headers.get("HX-Request-Type", "partial") == "partial"  # htmx 4 sends it
    )


def render(template: str, block: str, status: int = 200, **context):
    """The whole page for browsers; only `block` (and the page's whole title, which htmx
    puts in the tab) for an htmx swap."""
    if wants_fragment():
        title = render_block(template, "title", **context).strip()
        title += render_block("base.html", "title_suffix")
        body = f"<title>{title}</title>\n" + render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect_to(endpoint: str, **values):
    """After a successful POST: 303 for everyone.

    htmx's XMLHttpRequest follows the 303 with its HX-Request header still set, so it
    gets the next page's fragment in the same round trip, and hx-push-url="true" puts the
    final URL in the address bar; without JavaScript the browser loads the whole page.
    """
    response = redirect(url_for(endpoint, **values), code=303)
    response.vary.add("HX-Request")
    return response


def redirect_page(endpoint: str, **values):
    """Leave the current flow for a page with another layout: a full load in both cases."""
    return redirect_url(url_for(endpoint, **values))


def redirect_url(url: str):
    """redirect_page() for a URL already built (and checked) by the caller."""
    if wants_fragment():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
