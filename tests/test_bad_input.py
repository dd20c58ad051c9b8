"""Hostile and clumsy input on every page: no server error, and every error in Spanish.

Every route of app.url_map is tried, as an anonymous visitor, a citizen and each staff role,
with hypothesis throwing strings, whole numbers, dates, Unicode and huge values at every
parameter the app reads: the query-string names its views read and every field of every form.
New routes, forms and parameters are swept without edits here. Bounded (derandomised, a fixed
number of examples) so that the sweep stays a few seconds per role.
"""

import pathlib
import re
import string
from datetime import date
from urllib.parse import urlencode

import pytest
import wtforms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.roles import Role
from tests.helpers import PASSWORD, citizen, sign_in, staff

ROOT = pathlib.Path(__file__).parent.parent
NEVER = {"static", "accounts.logout", "accounts.logout_everywhere"}  # signing out ends the sweep
READ = re.compile(
    r"(?:request\.(?:args|values|form)(?:\.get|\.getlist)?|page_number|query_day)[(\[]\s*\"(\w+)\""
)
# What Werkzeug's own (English) error pages say; none may reach anybody.
ENGLISH = (
    "<html lang=en>",
    "Bad Request",
    "Forbidden",
    "Not Found",
    "Method Not Allowed",
    "Internal Server Error",
    "You don't have",
    "The requested URL",
    "Too Large",
)

NASTY = [
    "",
    " ",
    "\t \n",
    "0",
    "-1",
    "1e309",
    "9" * 40,
    str(2**31),
    str(2**63),
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "31/02/1990",
    "10000-01-01",
    "S/",
    " S/ . ",
    "١٢٣",
    "１２３",
    "ß\u0301\u200b\ufeff",
    "\x00",
    "a\x00b",
    "%00",
    "'; DROP TABLE user; --",
    "<script>x</script>",
    "../../etc/passwd",
    "x" * 5000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
    st.text(string.digits + " .,S/-", max_size=20),
)
ids = st.one_of(st.sampled_from([0, 1, 2, 3, 2**31 - 1, 2**31, 10**30]), st.integers(0, 50))


def parameter_names(app) -> list[str]:
    """Every name the app reads from a query string or a form."""
    names = set()
    for path in ROOT.glob("blueprints/**/*.py"):
        names |= set(READ.findall(path.read_text()))
    forms = [wtforms.Form]
    while forms:
        form = forms.pop()
        forms += form.__subclasses__()
        for attribute in dir(form):
            field = getattr(form, attribute, None)
            if isinstance(field, wtforms.fields.core.UnboundField):
                names.add(field.kwargs.get("name", attribute))
    return sorted(names - {"csrf_token"})


def routes(app):
    return [
        rule
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
        if rule.endpoint not in NEVER and not rule.rule.startswith("/api/")
    ]


def required_roles(app, rule):
    return getattr(app.view_functions[rule.endpoint], "required_roles", None)


def visitors(app) -> dict:
    """A client per kind of person: anonymous, a citizen, and one staff member per role."""
    clients = {"anonymous": app.test_client()}
    citizen()
    clients["citizen"] = app.test_client()
    assert sign_in(clients["citizen"]).status_code == 303
    for role in Role:
        staff(f"{role}@corte.pe", role, PASSWORD)
        clients[role] = app.test_client()
        assert sign_in(clients[role], f"{role}@corte.pe").status_code == 303
    return clients


def is_spanish_error(response) -> bool:
    """Not an error, or one in Spanish: the site's page, or the API's JSON."""
    if response.status_code < 400:
        return True
    if response.mimetype == "application/json":
        return "errors" in response.get_json()
    text = response.get_data(as_text=True)
    return '<html lang="es">' in text and not any(phrase in text for phrase in ENGLISH)


def openers(app, rule) -> list[str]:
    """Who may open `rule`: the first of its roles on a staff page, else a visitor and a citizen."""
    roles = required_roles(app, rule)
    if roles:
        return [roles[0]]
    if rule.rule.startswith("/personal/"):
        return [Role.ADMINISTRADOR]
    if rule.rule.startswith("/cuenta/"):
        return ["citizen"]
    return ["anonymous", "citizen"]


def fill(rule, number) -> str:
    path = re.sub(r"<int:[a-z_]+>", str(number), rule.rule)
    return re.sub(r"<(?:string|path):[a-z_]+>", "x", path)


def send(client, rule, method, number, params):
    path = fill(rule, number)
    if method == "GET":
        return client.get(f"{path}?{urlencode(params)}")
    return client.post(path, data=params)


@pytest.fixture
def sweep(app, db):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 is an answer to list, not the test's end
    clients = visitors(app)
    names = parameter_names(app)
    assert {"pagina", "hasta", "dia", "amount", "login"} <= set(names)
    return app, clients, names


# Values that broke pages before: a blank, a huge number, dates at the ends of the calendar,
# NUL (PostgreSQL refuses it in text), a long text.
EDGES = [" ", "9" * 40, "9999-12-31", "0001-01-01", "\x00", "x" * 3000]


def test_every_parameter_of_every_page_at_once_at_its_edge(sweep):
    """All the parameters at one edge value at once, on every page, by whoever may open it."""
    app, clients, names = sweep
    failures, spanish = [], []
    for value in EDGES:
        params = dict.fromkeys(names, value)
        for rule in routes(app):
            for who in openers(app, rule):
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = send(clients[who], rule, method, 1, params)
                    where = f"{who}: {method} {rule.rule} = {value[:12]!r}"
                    if response.status_code >= 500:
                        failures.append(where)
                    elif not is_spanish_error(response):
                        spanish.append(where)
    assert not failures, failures
    assert not spanish, spanish


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the edges try both
def test_no_input_makes_a_server_error_and_every_error_is_spanish(sweep):
    """Random values in every parameter at once, on every page, by whoever may open it and by
    a citizen (a Spanish 403 where a citizen may not). A few examples per page: hypothesis
    choosing the page as well would favour the first ones."""
    app, clients, names = sweep
    statuses = set()

    def try_page(who, rule):
        @given(
            method=st.sampled_from(["GET", "POST"]),
            number=ids,
            params=st.fixed_dictionaries({name: values for name in names}),
        )
        @settings(
            max_examples=3,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def request_something(method, number, params):
            if method not in rule.methods:
                method = "GET" if "GET" in rule.methods else "POST"
            response = send(clients[who], rule, method, number, params)
            where = f"{who}: {method} {fill(rule, number)} {params!r}"
            assert response.status_code < 500, where
            assert is_spanish_error(response), where
            statuses.add(response.status_code)

        request_something()

    for rule in routes(app):
        for who in dict.fromkeys([*openers(app, rule), "citizen"]):
            try_page(who, rule)
    assert {200, 303, 403} <= statuses
