"""Rules of the codebase that every new route, template and domain module must keep."""

import ast
import pathlib
import re

import pytest
from flask import request

from blueprints.staff import require_staff
from domain.roles import Role
from domain.states import AppointmentStatus, AssistanceStatus, IdentityStatus, RecoveryStatus

ROOT = pathlib.Path(__file__).parent.parent
# A file's name may end in its type: the API's .json, a constancia's .pdf.
SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*(\.(json|pdf))?|<(string|int|path):[a-z_]+>)$")
STAFF_PREFIX = "/personal/"
API_PREFIX = "/api/"  # JSON for the kiosk, not pages


def rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_url_segments_are_kebab_case_with_typed_parameters(app):
    for rule in rules(app):
        for segment in filter(None, rule.rule.split("/")):
            assert SEGMENT.match(segment), f"{rule.rule}: '{segment}'"


def test_every_parameterless_get_page_is_whole_without_htmx(client):
    for rule in rules(client.application):
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(STAFF_PREFIX):
            response = client.get(rule.rule, follow_redirects=True)
            if rule.rule.startswith(API_PREFIX):
                assert response.mimetype == "application/json", rule.rule
                continue
            assert response.status_code == 200, rule.rule
            assert "<html" in response.text, rule.rule


def test_every_staff_url_sends_anonymous_people_to_sign_in(client):
    for rule in rules(client.application):
        if rule.rule.startswith(STAFF_PREFIX):
            url = re.sub(r"<int:[a-z_]+>", "1", rule.rule)
            method = "get" if "GET" in rule.methods else "post"
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert "/cuenta/ingresar" in response.headers["Location"], url


def test_every_staff_endpoint_is_under_the_one_access_check(app):
    """Staff URLs belong to `staff` or to a child of it, so its before_request runs for each."""
    assert app.before_request_funcs["staff"] == [require_staff]
    own_checks = [name for name in app.before_request_funcs if (name or "").startswith("staff.")]
    assert not own_checks, "a feature adds no access check of its own: the parent has the one"
    for rule in rules(app):
        is_staff_url = rule.rule.startswith(STAFF_PREFIX)
        assert is_staff_url == rule.endpoint.startswith("staff."), f"{rule.rule}: {rule.endpoint}"
        if is_staff_url:
            url = re.sub(r"<int:[a-z_]+>", "1", rule.rule)
            method = "GET" if "GET" in rule.methods else "POST"
            with app.test_request_context(url, method=method):
                assert "staff" in request.blueprints, rule.rule


def template_files():
    return [*ROOT.glob("templates/**/*.html"), *ROOT.glob("kiosk/**/*.html")]


def test_every_endpoint_a_template_links_to_exists(app):
    """Templates build links with url_for; a renamed or removed view must not leave a link
    that only fails when that page is rendered."""
    named = {
        (path.relative_to(ROOT).as_posix(), endpoint)
        for path in template_files()
        for endpoint in re.findall(r"url_for\(\s*['\"]([\w.]+)['\"]", path.read_text())
    }
    assert len(named) > 50  # the pattern really finds the templates' links
    missing = sorted(
        f"{path}: {endpoint}" for path, endpoint in named if endpoint not in app.view_functions
    )
    assert not missing


@pytest.mark.parametrize("path", sorted(ROOT.glob("domain/**/*.py")), ids=lambda p: p.name)
def test_domain_rules_know_nothing_of_flask_or_the_database(path):
    source = path.read_text()
    assert not re.search(r"^\s*(from|import)\s+(flask|peewee|playhouse|db|models)\b", source, re.M)


def test_roles_and_statuses_are_named_by_their_enums_never_by_the_strings_they_store():
    stored = [
        m.value
        for closed in (Role, AppointmentStatus, IdentityStatus, RecoveryStatus, AssistanceStatus)
        for m in closed
    ]
    literal = re.compile(rf"""["']({"|".join(stored)})["']""")
    places = [
        *ROOT.glob("blueprints/**/*.py"),
        *ROOT.glob("models/**/*.py"),
        *ROOT.glob("services/**/*.py"),
        ROOT / "cli.py",
        *ROOT.glob("templates/**/*.*"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in places
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert not found, f"name them by domain/roles.py and domain/states.py: {found}"


def test_htmx_headers_are_read_in_one_place():
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.glob("blueprints/**/*.py")
        if re.search(r"HX-|request\.htmx", path.read_text())
    ]
    assert readers == ["blueprints/htmx.py"]


def imported_blueprints(path: pathlib.Path) -> set[str]:
    source = path.read_text()
    names = re.findall(r"^\s*(?:from|import)\s+blueprints\.(\w+)", source, re.M)
    names += re.findall(r"^\s*from\s+blueprints\s+import\s+(\w+)", source, re.M)
    return {name for name in names if (ROOT / "blueprints" / name).is_dir()}


def test_no_blueprint_imports_another_blueprint():
    """What two blueprints share lives below them: services/, domain/, or a module such as
    blueprints/htmx.py that is not a blueprint."""
    found = set()
    scanned = 0
    for path in ROOT.glob("blueprints/*/**/*.py"):  # nested blueprints belong to their parent
        owner = path.relative_to(ROOT / "blueprints").parts[0]
        found |= {(owner, other) for other in imported_blueprints(path) - {owner}}
        scanned += 1
    assert scanned > 40
    assert not found


LAYERS = {  # each layer and the modules of the app it must never import
    "services": ("blueprints", "cli", "app"),
    "models": ("blueprints", "services", "cli", "app"),
    "domain": ("blueprints", "services", "models", "db", "cli", "app"),
}


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_the_layers_below_it(layer):
    forbidden = "|".join(LAYERS[layer])
    pattern = re.compile(rf"^\s*(from|import)\s+({forbidden})\b", re.M)
    paths = list(ROOT.glob(f"{layer}/**/*.py"))
    assert paths
    offenders = [p.relative_to(ROOT).as_posix() for p in paths if pattern.search(p.read_text())]
    assert not offenders


def imported_modules(path: pathlib.Path) -> set[str]:
    """Every dotted name `path` imports, at its top or inside a function, relative ones resolved;
    `from a import b` gives both `a` and `a.b`, since b may be a module."""
    package = path.parent.relative_to(ROOT).parts
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            parent = package[: len(package) - node.level + 1] if node.level else ()
            base = ".".join([*parent, *([node.module] if node.module else [])])
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def module_of_a_test_or_conftest(name: str) -> str | None:
    """The test_* or conftest module that `name` is or lies in, if any."""
    parts = name.split(".")
    for end, part in enumerate(parts, 1):
        if part.startswith("test_") or part == "conftest":
            return ".".join(parts[:end])
    return None


def test_tests_share_helpers_through_helper_modules_never_through_tests_or_conftests():
    """A test module imported by another is collected twice over and hides what it shares; a
    conftest is pytest's, for fixtures. Shared helpers live in tests/helpers.py or in a feature's
    helpers module next to the tests that use them."""
    paths = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/**/*.py")]
    assert len(paths) > 50  # the glob really finds the tests
    found = sorted(
        {
            f"{path.relative_to(ROOT)} imports {module}"
            for path in paths
            for module in map(module_of_a_test_or_conftest, imported_modules(path))
            if module
        }
    )
    assert not found, "\n".join(found)


def test_the_application_layer_reads_no_request():
    """Use cases run in the CLI, jobs and the kiosk API alike: no request, session or user."""
    pattern = re.compile(r"\b(request|session|current_user|flash|g)\b.*|flask_login", re.M)
    imports = re.compile(r"^\s*from\s+flask(_login)?\s+import\s+(.+)$", re.M)
    offenders = []
    for path in ROOT.glob("services/**/*.py"):
        for _, names in imports.findall(path.read_text()):
            if pattern.search(names):
                offenders.append(f"{path.relative_to(ROOT)}: {names}")
    assert not offenders


def test_opening_a_form_action_as_a_page_answers_in_spanish(client):
    post_only = [
        r.rule for r in rules(client.application) if r.methods & {"GET", "POST"} == {"POST"}
    ]
    assert post_only
    response = client.get(re.sub(r"<int:[a-z_]+>", "1", post_only[0]))
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert "Esa página no se abre así" in response.text
