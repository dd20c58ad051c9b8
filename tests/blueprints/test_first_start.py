"""A court that starts empty: the CLI makes its first administrator, whose first sign-in leads
through the court's profile and its first sede, after which citizens see that sede."""

from models import AuditEvent, Closure, Court, FeeYear, Sede, User
from tests.blueprints.setup_helpers import PROFILE, SEDE, is_setup_fragment
from tests.helpers import HX, PASSWORD, choices, sign_in, staff, submit_identity

ADMIN = "jefa@juzgado.pe"
STEPS = "/personal/configuracion/primeros-pasos"


def create_admin(app):
    return app.test_cli_runner().invoke(
        args=["create-staff", ADMIN, "--name", "Lucía Mamani", "--role", "administrador"],
        env={"STAFF_PASSWORD": PASSWORD},
    )


def test_an_empty_database_has_no_court_and_says_so_to_citizens(empty_app):
    client = empty_app.test_client()
    home = client.get("/")
    assert home.status_code == 200
    assert "Estamos preparando los servicios en línea" in home.text
    start = client.get("/citas/")
    assert "El tribunal se está configurando" in start.text and "Empezar" not in start.text
    assert submit_identity(client).status_code == 303
    assert client.get("/citas/sede").headers["Location"] == "/citas/"
    for page in ("/aranceles/", "/privacidad", "/cuenta/ingresar", "/cuenta/registro"):
        assert client.get(page).status_code == 200, page


def test_court_exists_tells_the_start_script_whether_to_ask(empty_app):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["court-exists"]).exit_code == 1
    assert create_admin(empty_app).exit_code == 0
    assert runner.invoke(args=["court-exists"]).exit_code == 0


def test_first_start_from_the_cli_to_a_sede_citizens_can_choose(empty_app):
    result = create_admin(empty_app)
    assert result.exit_code == 0, result.output
    client = empty_app.test_client()
    signed = sign_in(client, ADMIN)
    assert signed.headers["Location"] == "/personal/"
    assert client.get("/personal/").headers["Location"] == STEPS
    steps = client.get(STEPS)
    assert "Escribir los datos del tribunal" in steps.text
    assert "Primero guarde los datos del tribunal" in steps.text
    assert "Primero" in client.get("/personal/configuracion/sedes/nueva").text

    saved = client.post("/personal/configuracion/tribunal", data=PROFILE)
    assert saved.status_code == 303 and saved.headers["Location"] == STEPS
    court = Court.saved()
    assert (court.name, court.country, court.timezone) == (
        "Juzgado de Paz de Chivay",
        "PE",
        "America/Lima",
    )
    assert Closure.select().where(Closure.kind == "feriado").count() > 20  # this year and next
    assert FeeYear.select().exists()  # Peru: the shipped fee tables
    steps = client.get(STEPS).text
    assert "Crear la primera sede" in steps and "feriados nacionales del Perú" in steps

    created = client.post("/personal/configuracion/sedes/nueva", data=SEDE)
    assert created.status_code == 303 and created.headers["Location"] == STEPS
    done = client.get(STEPS)
    assert "Horario de atención, turnos y cupos" in done.text
    assert client.get("/personal/").status_code == 200  # no more detour: the menu
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-2:] == ["tribunal_creado", "sede_creada"]

    citizen = empty_app.test_client()
    home = citizen.get("/")
    assert "Juzgado de Paz de Chivay" in home.text and "Sede Plaza de Armas" in home.text
    assert "Estamos preparando" not in home.text
    submit_identity(citizen)
    sede = Sede.get(Sede.code == "plaza")
    assert choices(citizen.get("/citas/sede")) == [str(sede.id)]


def test_the_steps_page_and_its_fragment(empty_app):
    create_admin(empty_app)
    client = empty_app.test_client()
    sign_in(client, ADMIN)
    page = client.get(STEPS)
    assert "<html" in page.text and "HX-Request" in page.headers["Vary"]
    assert is_setup_fragment(client.get(STEPS, headers=HX))


def test_a_clerk_on_an_empty_court_sees_the_menu_not_the_steps(empty_app):
    staff("mesa@juzgado.pe", "mesa_de_partes")
    client = empty_app.test_client()
    sign_in(client, "mesa@juzgado.pe")
    assert client.get("/personal/").status_code == 200
    assert client.get(STEPS).status_code == 403


def test_a_sede_cannot_come_before_the_court(empty_app):
    create_admin(empty_app)
    client = empty_app.test_client()
    sign_in(client, ADMIN)
    refused = client.post("/personal/configuracion/sedes/nueva", data=SEDE)
    assert refused.status_code == 200 and Sede.select().count() == 0
    assert User.select().count() == 1


def test_every_page_answers_on_an_empty_court(empty_app):
    """No court row, no sede: every page without parameters, for a visitor and for an
    administrator, answers without a server error, and so does every form sent empty."""
    create_admin(empty_app)
    visitor, admin = empty_app.test_client(), empty_app.test_client()
    sign_in(admin, ADMIN)
    answers = {}
    for rule in empty_app.url_map.iter_rules():
        if "GET" in rule.methods and "<" not in rule.rule:
            for who, client in (("visitor", visitor), ("admin", admin)):
                answers[f"{who} {rule.rule}"] = client.get(rule.rule).status_code
    for rule in empty_app.url_map.iter_rules():
        if (
            "POST" in rule.methods
            and "<" not in rule.rule
            and not rule.rule.startswith("/cuenta/salir")
        ):
            answers[f"POST {rule.rule}"] = admin.post(rule.rule).status_code
    assert len(answers) > 80
    assert all(status < 500 for status in answers.values()), answers
