"""Who may open what, found from app.url_map so that new routes are covered without edits here.

Every /personal/ URL is tried as an anonymous visitor, a citizen, staff with a wrong role and
staff with a right one; the allowed roles come from the `required_roles` that
@roles_required puts on each view. Citizens' own pages are tried with another citizen's ids,
and every account form is posted with fields that must never be taken from a form.
"""

import re

import pytest

from domain.roles import DESK, Role
from models import Appointment, IdentityVerification, User
from services.clock import utc_now
from services.reports import REPORTS
from tests.blueprints.casilla_helpers import addressee, issue, notifier
from tests.helpers import NEW_CITIZEN, PERSON, book, register

STAFF_PREFIX = "/personal/"
ACCOUNT_PREFIX = "/cuenta/"
OPEN_TO_ALL_STAFF = {"staff.index"}  # the staff home: it lists the tools of one's own roles
FAKE_ID = 987654
PASSWORD = "Clave-Segura-2026"

# Fields no form may set: posted to every account form, they must change nothing.
SMUGGLED = {
    "is_staff": "1",
    "roles": "administrador",
    "identity_status": "aprobada",
    "identity_reason": "",
    "active": "1",
    "casillero": "100001",
    "email_confirmed_at": "2026-01-01 00:00:00",
    "locked_until": "",
    "password_hash": "x",
    "id": "1",
    "user_id": "1",
}
PROTECTED = (
    "is_staff",
    "roles",
    "identity_status",
    "active",
    "casillero",
    "email_confirmed_at",
    "doc_type",
    "doc_number",
    "birth_date",
)


# --- helpers ----------------------------------------------------------------------------


def rules_under(app, prefix: str) -> list:
    found = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(prefix)]
    return sorted(found, key=lambda rule: rule.rule)


def concrete(rule, int_value=FAKE_ID) -> str:
    """The rule's path with every parameter filled in (unknown ids by default)."""
    url = re.sub(r"<int:[a-z_]+>", str(int_value), rule.rule)
    url = re.sub(r"<(?:string|path):[a-z_]+>", "x", url)
    assert "<" not in url, f"{rule.rule}: a converter this test does not know"
    return url


def requests_of(app, prefix: str):
    """(rule, method, url) for every GET and POST of every rule under `prefix`."""
    for rule in rules_under(app, prefix):
        for method in ("GET", "POST"):
            if method in rule.methods:
                yield rule, method, concrete(rule)


def required_roles(app, rule) -> tuple[str, ...] | None:
    return getattr(app.view_functions[rule.endpoint], "required_roles", None)


def make_user(email: str, roles: str = "", is_staff: bool = False, **fields) -> User:
    user = User(
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        is_staff=is_staff,
        created_at=utc_now(),
        **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/cuenta/ingresar", data={"login": email, "password": PASSWORD})
    assert response.status_code == 303, f"{email} could not sign in"
    return client


def call(client, method: str, url: str):
    return client.open(url, method=method)


@pytest.fixture
def visitors(app, db):
    """A signed-in client per role (one role each) and one for a citizen."""
    clients = {}
    for role in Role:
        make_user(f"{role}@corte.pe", roles=role, is_staff=True)
        clients[role] = signed_in(app, f"{role}@corte.pe")
    make_user("ana@example.pe", doc_type="DNI", doc_number="45678901")
    clients["citizen"] = signed_in(app, "ana@example.pe")
    return clients


# --- staff URLs -------------------------------------------------------------------------


def test_there_are_staff_urls_to_check(app):
    endpoints = {rule.endpoint for rule in rules_under(app, STAFF_PREFIX)}
    assert {
        "staff.index",
        "staff.desk.list_appointments",
        "staff.admin.list_staff",
        "staff.admin.audit_log",
        "staff.sedes.edit",
        "staff.sedes.list_closures",
        "staff.sedes.declare_closure",
        "staff.sedes.load_holidays",
        "staff.sedes.delete_closure",
        "staff.filings.list_filings",
        "staff.filings.show_filing",
        "staff.filings.derive_filing",
        "staff.filings.observe_filing",
        "staff.filings.attend_filing",
        "staff.filings.filing_file",
        "staff.filings.filing_constancia",
    } <= endpoints


def test_the_court_set_up_urls_are_swept_too(app):
    endpoints = {rule.endpoint for rule in rules_under(app, STAFF_PREFIX)}
    setup = {
        f"staff.setup.{view}"
        for view in (
            "first_start",
            "court_profile",
            "list_sedes",
            "create_sede",
            "list_services",
            "create_service",
            "edit_service",
            "list_windows",
            "create_window",
            "edit_window",
            "list_dependencias",
            "create_dependencia",
            "edit_dependencia",
        )
    }
    assert setup <= endpoints


def test_every_staff_view_names_the_roles_it_needs(app):
    unguarded = [
        rule.rule
        for rule in rules_under(app, STAFF_PREFIX)
        if rule.endpoint not in OPEN_TO_ALL_STAFF and not required_roles(app, rule)
    ]
    assert not unguarded, f"add @roles_required(...) to the views of {unguarded}"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for _rule, method, url in requests_of(client.application, STAFF_PREFIX):
        response = call(client, method, url)
        assert response.status_code == 302, f"{method} {url}"
        assert response.headers["Location"].startswith("/cuenta/ingresar"), f"{method} {url}"


def test_citizens_are_refused_every_staff_url(app, visitors):
    refused = {
        f"{method} {url}": call(visitors["citizen"], method, url).status_code
        for _rule, method, url in requests_of(app, STAFF_PREFIX)
    }
    assert set(refused.values()) == {403}, refused


def test_staff_with_a_wrong_role_are_refused(app, visitors):
    answers = {}
    for rule, method, url in requests_of(app, STAFF_PREFIX):
        if rule.endpoint in OPEN_TO_ALL_STAFF:
            continue
        allowed = required_roles(app, rule) or ()
        for role in Role:
            if role not in allowed:
                answers[f"{role}: {method} {url}"] = call(visitors[role], method, url).status_code
    assert answers and set(answers.values()) == {403}, answers


def test_staff_with_a_right_role_get_through(app, visitors):
    answers = {}
    # GETs first: a POST may change what a later GET sees, never the other way round.
    for method_wanted in ("GET", "POST"):
        for rule, method, url in requests_of(app, STAFF_PREFIX):
            if method != method_wanted:
                continue
            allowed = Role if rule.endpoint in OPEN_TO_ALL_STAFF else required_roles(app, rule)
            for role in allowed or ():
                response = call(visitors[role], method, url)
                answers[f"{role}: {method} {url}"] = response.status_code
                assert "/cuenta/ingresar" not in response.headers.get("Location", ""), url
    refused = {request: status for request, status in answers.items() if status in (401, 403)}
    assert answers and not refused, refused


@pytest.mark.parametrize("number", [0, 2**31 - 1, 2**31, 10**30])
def test_ids_past_what_a_column_holds_are_unknown_ids_never_errors(app, visitors, number):
    """Every <int:…> URL with a number an id column cannot hold (or 0): the same 404 (or a
    redirect back to a list) as any unknown id, never a database error."""
    answers = {}
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        url = concrete(rule, number)
        roles = required_roles(app, rule) or ("citizen",)
        for method in ("GET", "POST"):
            if method in rule.methods:
                answers[f"{method} {url}"] = call(visitors[roles[0]], method, url).status_code
    assert len(answers) >= 7
    assert all(status < 500 for status in answers.values()), answers


def test_every_report_and_its_csv_open_for_the_desk_roles_only(app, visitors, client):
    """The sweep above fills <string:name> with an unknown report (404 for the right roles);
    here every real report, so the 200s are proven too."""
    answers = {}
    for slug in REPORTS:
        for url in (f"/personal/informes/{slug}", f"/personal/informes/{slug}/csv"):
            answers[f"anonymous {url}"] = client.get(url).status_code
            for who, visitor in visitors.items():
                answers[f"{who} {url}"] = visitor.get(url).status_code
    expected = {
        key: 200 if key.split()[0] in DESK else 302 if key.startswith("anonymous") else 403
        for key in answers
    }
    assert len(answers) == len(REPORTS) * 2 * (len(Role) + 2)
    assert answers == expected


# --- citizens' own data -----------------------------------------------------------------


def test_a_citizen_never_sees_another_citizens_data_in_account_pages(app, db):
    ana = make_user(
        "ana@example.pe",
        doc_type="DNI",
        doc_number="45678901",
        names="Ana María",
        surnames="Quispe",
        phone="987654321",
        casillero="100777",
        address="Jr. Ucayali 363",
        email_confirmed_at=utc_now(),
    )
    book(app.test_client(), PERSON | {"email": "ana@example.pe"})
    appointment = Appointment.get()
    verification = IdentityVerification.create(
        user=ana,
        submitted_at=utc_now(),
        document_file="ana-doc.png",
        document_mime="image/png",
        video_file="ana-video.webm",
        video_mime="video/webm",
    )
    make_user(
        "jose@example.pe",
        doc_type="DNI",
        doc_number="40123456",
        names="José",
        email_confirmed_at=utc_now(),
    )
    jose = signed_in(app, "jose@example.pe")
    assert "jose@example.pe" in jose.get("/cuenta/").text  # his own page works

    secrets_of_ana = (
        "ana@example.pe",
        "45678901",
        "987654321",
        "100777",
        "Jr. Ucayali",
        appointment.code,
        "ana-doc.png",
        "ana-video.webm",
    )
    leaks = []
    for rule in rules_under(app, ACCOUNT_PREFIX):
        if "GET" not in rule.methods or rule.endpoint == "accounts.logout":
            continue
        ids = {ana.id, appointment.id, verification.id} if "<int:" in rule.rule else {0}
        for value in ids:
            url = concrete(rule, value)
            text = jose.get(url).get_data(as_text=True)
            leaks += [f"{url} shows {secret}" for secret in secrets_of_ana if secret in text]
    assert not leaks, leaks


# --- mass assignment --------------------------------------------------------------------


def protected_columns(user_id: int) -> dict:
    user = User.get_by_id(user_id)
    return {name: getattr(user, name) for name in PROTECTED}


def test_registration_ignores_fields_that_are_not_on_the_form(client, db):
    response = register(client, **SMUGGLED)
    assert response.status_code == 303
    user = User.get()
    assert not user.is_staff and user.roles == "" and user.identity_status == "sin_verificar"
    assert user.casillero is None and user.email_confirmed_at is None
    assert user.check_password(NEW_CITIZEN["password"])


def test_account_forms_ignore_fields_that_are_not_on_them(app, db):
    ana = make_user(
        "ana@example.pe",
        doc_type="DNI",
        doc_number="45678901",
        names="Ana María",
        surnames="Quispe",
        phone="987654321",
        email_confirmed_at=utc_now(),
        casillero="100777",
    )
    before = protected_columns(ana.id)
    # What a profile form plausibly asks for, so a valid form gets as far as saving.
    plausible = {
        "names": "Ana María",
        "surnames": "Quispe Mamani",
        "phone": "987654321",
        "address": "Jr. Ucayali 363",
        "email": "ana@example.pe",
        "current_password": PASSWORD,
        "password": PASSWORD,
        "login": "ana@example.pe",
    }
    posted = []
    for rule in rules_under(app, ACCOUNT_PREFIX):
        if "POST" in rule.methods:
            client = signed_in(app, "ana@example.pe")
            client.post(concrete(rule, ana.id), data=plausible | SMUGGLED)
            posted.append(rule.rule)
            assert protected_columns(ana.id) == before, f"POST {rule.rule} changed the account"
            assert User.get_by_id(ana.id).check_password(PASSWORD), rule.rule
    assert "/cuenta/registro" in posted


# --- the casilla electrónica -------------------------------------------------------------

CASILLA_PREFIX = "/casilla/"


def test_every_casilla_url_is_someone_elses_404_and_sign_in_for_anonymous_visitors(app, db):
    """Every /casilla/ URL with the code of Ana's notification: Jose gets 404 and nothing of
    hers; anonymous visitors are sent to sign in; Ana herself gets through."""
    addressee()
    addressee(email="jose@example.pe", doc_number="40123456", casillero="100002")
    notification = issue(notifier(app), annexes=[])
    code = notification.deliveries.get().code
    jose, ana = signed_in(app, "jose@example.pe"), signed_in(app, "ana@example.pe")
    anonymous = app.test_client()
    checked = []
    for rule, method, _url in requests_of(app, CASILLA_PREFIX):
        if "<string:code>" not in rule.rule:
            continue
        url = concrete(rule, 1).replace("/x", f"/{code}")
        checked.append(url)
        assert call(jose, method, url).status_code == 404, url
        response = call(anonymous, method, url)
        assert response.headers["Location"].startswith("/cuenta/ingresar"), url
    assert len(checked) >= 4
    assert call(ana, "GET", f"/casilla/{code}").status_code == 200
    assert code not in jose.get("/casilla/").text
