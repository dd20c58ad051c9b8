"""After signing in, ?next= may only lead to a page of this site, however it is disguised."""

from urllib.parse import unquote

import ada_url
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from blueprints.next_url import same_site_path
from tests.helpers import HX, PASSWORD, citizen

SITE = "https://citas.corte.pe"
LOGIN = SITE + "/cuenta/ingresar"

OFF_SITE = [
    "////evil.example/x",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "https:evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "/%09/evil.example",
]


def browser_destination(target: str) -> str | None:
    """Where a browser goes when told Location: `target` on the sign-in page (WHATWG parser)."""
    try:
        return ada_url.join_url(LOGIN, target)
    except ValueError:
        return None


def same_origin(url: str | None) -> bool:
    return url is not None and ada_url.URL(url).origin == SITE


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_next_link_off_the_site_leads_to_the_account_instead(app, db, target):
    citizen()
    for headers, where in [({}, "Location"), (HX, "HX-Redirect")]:
        client = app.test_client()
        response = client.post(
            "/cuenta/ingresar",
            query_string={"next": target},
            data={"login": "ana@example.pe", "password": PASSWORD},
            headers=headers,
        )
        assert response.headers[where] == "/cuenta/", (target, where)


def test_a_next_link_with_a_nul_is_refused_before_sign_in(app, db):
    citizen()
    response = app.test_client().post(
        "/cuenta/ingresar",
        query_string={"next": "\x00//evil.example"},
        data={"login": "ana@example.pe", "password": PASSWORD},
    )
    assert response.status_code == 400 and "Location" not in response.headers


def test_a_next_link_on_the_site_is_followed(app, db):
    citizen()
    for headers, where in [({}, "Location"), (HX, "HX-Redirect")]:
        response = app.test_client().post(
            "/cuenta/ingresar?next=/citas/ticket/AB12-CD34%3Fx%3D1",
            data={"login": "ana@example.pe", "password": PASSWORD},
            headers=headers,
        )
        assert response.headers[where] == "/citas/ticket/AB12-CD34?x=1"


# Strings made of the pieces that turn a path into another site in some browser or proxy.
PIECES = st.sampled_from(
    ["/", "\\", "//", ":", "@", ".", "%", "%2F", "%2f", "%5C", "%09", "%0A", "%00", "?", "#"]
    + ["\t", "\n", "\r", " ", "\x00", "\x0b", "\x7f", "\u3000", "\uff0f", "\u2044", "\u200b"]
    + ["https", "http:", "javascript:", "evil.example", "cuenta", "a", "1", "~", "&", "="]
)
NASTY = st.lists(PIECES, max_size=8).map("".join) | st.text(max_size=20)


@given(NASTY)
@example("////evil.example/x")
@example("/\\evil.example")
@example("/%2F%2Fevil.example")
def test_an_accepted_next_link_never_leaves_the_site(target):
    accepted = same_site_path(target)
    if accepted is not None:
        assert accepted == target
        assert same_origin(browser_destination(target)), target
        # A proxy or a second hop that decodes %-escapes once must not leave the site either.
        assert same_origin(browser_destination(unquote(target))), target


@given(st.lists(st.sampled_from(["cuenta", "citas", "ticket", "a-b", "1", "x=1&y=2"]), min_size=1))
def test_every_plain_path_of_the_site_is_accepted(parts):
    path = "/" + "/".join(parts)
    assert same_site_path(path) == path
