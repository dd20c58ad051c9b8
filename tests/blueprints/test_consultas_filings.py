"""Consultas externas about filings and notifications, without signing in: a filing's state by
tracking number and the filer's document (never who filed, about what, nor an observation's
text; the same answer for a wrong document and an unknown number), and /verificar finding a
filing's constancia and a notification's proof by their codes."""

import ast
import hashlib
import io

import pytest

from domain.filings import FileRole
from models import Dependencia, Filing, FilingFile, NotificationDelivery
from tests.blueprints.casilla_helpers import addressee, issue, notifier
from tests.blueprints.consultas_helpers import is_fragment
from tests.blueprints.filing_helpers import file_document, filer, two_pages
from tests.helpers import HX, sign_in, staff

URL = "/consultas/tramite"
NOT_FOUND = "No encontramos un trámite con esos datos"
OBSERVATION = "Falta la firma de la abogada Rosa Huamán en la página 2"
# What the filing and its filer hold that the public page must not show.
PERSONAL = (
    "Ana María",
    "Quispe",
    "45678901",
    "ana@example.pe",
    "987654321",
    "Apersonamiento",
    "00123-2026",
    "escrito-ana.pdf",
    OBSERVATION,
)


@pytest.fixture
def filing(app, db) -> Filing:
    client = app.test_client()
    filer(client)
    return file_document(client)


def query(client, number, document="45678901", **kwargs):
    return client.post(URL, data={"numero": number, "documento": document}, **kwargs)


def observe_and_derive(app, filing):
    """Mesa de partes observes (with a note naming people), the filer corrects, the desk
    derives it to a sala."""
    clerk = app.test_client()
    staff("mesa@corte.pe", "mesa_de_partes")
    assert sign_in(clerk, "mesa@corte.pe").status_code == 303
    observed = clerk.post(f"/personal/tramites/{filing.id}/observar", data={"note": OBSERVATION})
    assert observed.status_code == 303
    owner = app.test_client()
    assert sign_in(owner, "ana@example.pe").status_code == 303
    assert (
        owner.post(f"/tramites/{filing.id}/subsanar", data={"note": "Firmado"}).status_code == 303
    )
    sala = Dependencia.get(Dependencia.code == "1SCL")
    derived = clerk.post(
        f"/personal/tramites/{filing.id}/validar", data={"dependencia_id": sala.id}
    )
    assert derived.status_code == 303


def test_the_state_dates_destination_and_history_without_personal_data(app, client, filing):
    observe_and_derive(app, filing)
    page = query(client, f"{filing.year}-{filing.number}", "45.678.901 ")  # typed loosely
    assert page.status_code == 200 and "<html" in page.text
    text = page.text
    assert f"Trámite {filing.tracking_number}" in text and "Derivado" in text
    assert "02/12/2026 10:0" in text  # submitted and received, on the court's clock
    assert "1.er Juzgado Especializado" in text and "Primera Sala Civil de Lima" in text
    assert "Observado por mesa de partes" in text and "Subsanado por quien lo presentó" in text
    assert "Validado y derivado a Primera Sala Civil de Lima" in text
    assert [secret for secret in PERSONAL if secret in text] == []
    assert "Firmado" not in text  # the correction's note, too


def test_a_wrong_document_or_number_gets_the_same_answer(client, filing):
    for number, document in (
        (filing.tracking_number, "12345678"),  # a real number, someone else's document
        (f"{filing.year}-999999", "45678901"),  # the right document, a number never given
        ("2026-x", "45678901"),  # not a number at all
    ):
        page = query(client, number, document)
        assert page.status_code == 200 and NOT_FOUND in page.text
        assert "Revise lo siguiente" in page.text
        assert "Pendiente de validación" not in page.text and "Historial" not in page.text


def test_a_wrong_document_and_an_unknown_number_make_the_same_query(client, filing, sql_statements):
    """Both make the one same query, so neither its answer nor its time tells a guesser that
    a number exists (bench/public_queries.py times them); only a found filing reads more."""
    asked = {"wrong": (filing.tracking_number, "12345678"), "unknown": ("2026-999999", "45678901")}
    sent = {}
    for case, (number, document) in asked.items():
        query(client, number, document)  # the first request of a test fills the set-up caches
        sql_statements.clear()
        assert NOT_FOUND in query(client, number, document).text
        sent[case] = [sql for sql, _ in map(ast.literal_eval, select(sql_statements))]
    assert sent["wrong"] == sent["unknown"] and len(sent["wrong"]) == 1, sent
    sql_statements.clear()
    query(client, filing.tracking_number, "45678901")
    assert len(select(sql_statements)) > 1  # what a found filing reads next


def select(statements: list[str]) -> list[str]:
    """The SELECTs of the query among peewee's messages (not its pool's, nor the rate
    limit's, which every query pays alike)."""
    return [s for s in statements if s.startswith("('SELECT") and "rate_counter" not in s]


def test_htmx_gets_the_section_and_the_page_works_without_javascript(client, filing):
    whole = client.get(URL)
    assert whole.status_code == 200 and "<html" in whole.text and 'method="post"' in whole.text
    part = query(client, filing.tracking_number, headers=HX)
    assert is_fragment(part, "filing-status") and "Pendiente de validación" in part.text
    assert "45678901" not in part.text  # the form for the next query starts empty
    wrong = query(client, filing.tracking_number, "1", headers=HX)
    assert is_fragment(wrong, "filing-status") and NOT_FOUND in wrong.text


def test_it_is_linked_from_home_and_assistance_and_shares_the_rate_limit(
    app, client, filing, still_clock
):
    assert f'href="{URL}"' in client.get("/").text
    assert f'href="{URL}"' in client.get("/asistencia/").text
    app.config["PUBLIC_QUERIES_PER_MINUTE"] = 3
    for _ in range(3):
        assert query(client, filing.tracking_number).status_code == 200
    refused = query(client, filing.tracking_number)
    assert refused.status_code == 429 and "Demasiados intentos" in refused.text
    other = query(
        app.test_client(), filing.tracking_number, environ_base={"REMOTE_ADDR": "10.9.8.7"}
    )
    assert other.status_code == 200


# --- /verificar: the constancia and the notification's proof ------------------------------


def test_verify_finds_a_constancia_and_its_page_checks_an_uploaded_file(client, filing):
    typed = filing.verification_code.lower().replace("-", " ")
    found = client.get("/verificar", query_string={"codigo": typed})
    assert found.status_code == 303
    assert found.headers["Location"] == f"/verificar/tramite/{filing.verification_code}"
    link = f"http://localhost/verificar/tramite/{filing.verification_code}"
    assert client.get("/verificar", query_string={"codigo": link}).status_code == 303
    page = client.get(found.headers["Location"])
    assert "La constancia es auténtica" in page.text and "Comprobar el PDF" in page.text
    # The main document is the filer's two-page PDF: its bytes match the registered hash.
    main = filing.files.where(FilingFile.role == FileRole.PRINCIPAL).get()
    assert main.sha256 == hashlib.sha256(two_pages()).hexdigest()
    url = found.headers["Location"]
    match = client.post(
        url, data={"archivo": (io.BytesIO(two_pages()), "mio.pdf")}, headers=HX,
        content_type="multipart/form-data",
    )  # fmt: skip
    assert is_fragment(match, "document-check") and "El PDF coincide" in match.text
    other = client.post(
        url, data={"archivo": (io.BytesIO(two_pages() + b"\n"), "otro.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert "<html" in other.text and "no coincide" in other.text
    assert "Ana María" not in other.text


def test_verify_finds_a_notifications_proof_once_it_is_available(app, client, db):
    addressee()
    issue(notifier(app))
    code = NotificationDelivery.get().code
    found = client.get("/verificar", query_string={"codigo": code.lower()})
    assert (
        found.status_code == 303 and found.headers["Location"] == f"/verificar/notificacion/{code}"
    )
    assert "Notificación electrónica verificada" in client.get(found.headers["Location"]).text
    # Its own page is the only one: the generic page does not show it.
    assert client.post(f"/verificar/notificacion/{code}").status_code == 404
    later = issue(
        notifier(app, "otro@corte.pe"),
        when="programada",
        scheduled_day="03/12/2026",
        scheduled_time="09:00",
    )
    scheduled = NotificationDelivery.get(NotificationDelivery.notification == later.id).code
    missing = client.get("/verificar", query_string={"codigo": scheduled})
    assert missing.status_code == 200 and "No encontramos un documento" in missing.text
