"""The clerk's filings inbox on a phone, with JavaScript on and off: find a filing, observe it
(the reason is required), and the public check of its constancia by number and code."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.filings import FileRole, FilingData
from domain.roles import Role
from domain.states import IdentityStatus
from models import Dependencia
from services import filings
from services.actor import Actor
from services.clock import utc_now
from services.filings import StoredFile
from tests.helpers import PASSWORD, citizen, staff

pytestmark = pytest.mark.browser


def prepare(live_server, tmp_path, variant: str, doc_number: str) -> dict:
    """A filing of a verified citizen, and a clerk, in the live server's database."""
    app = create_app(
        {
            "DATABASE_URL": live_server.database_url,
            "TESTING": True,
            "PUBLIC_URL": live_server.url,
            "OUTBOX_FOLDER": str(tmp_path / "outbox"),
        }
    )
    clerk = f"mesa-{variant}@pj.gob.pe"
    with app.app_context(), database.connection_context():
        person = citizen(
            f"filer-{variant}@example.pe", doc_number, identity_status=IdentityStatus.APROBADA
        )
        staff(clerk, Role.MESA_DE_PARTES)
        data = FilingData(
            filer_kind="natural",
            contact_email=person.email,
            contact_phone="",
            dependencia_id=Dependencia.get(Dependencia.code == "1JCL").id,
            document_type="escrito",
            document_number="SN",
            case_number="00123-2026-0-1801-JR-CI-01",
            subject=f"Apersonamiento ({variant})",
            folios=2,
        )
        stored = StoredFile(
            FileRole.PRINCIPAL, 0, "escrito.pdf", "0" * 32 + ".pdf", 2048, "ab" * 32, 2
        )
        filing = filings.submit(
            data,
            [stored],
            submission_key=f"browser-{variant}",
            actor=Actor(person, ""),
            now=utc_now(),
        )
        return {"clerk": clerk, "number": filing.tracking_number, "code": filing.verification_code}


def sign_in(page: Page, email: str) -> None:
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).not_to_have_url(re.compile(r"/ingresar"))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_clerk_observes_a_filing_and_anyone_checks_its_constancia(
    open_phone, snap, live_server, tmp_path, javascript
):
    variant = "js" if javascript else "nojs"
    filing = prepare(live_server, tmp_path, variant, "43000001" if javascript else "43000002")
    desk = open_phone(javascript=javascript)
    sign_in(desk, filing["clerk"])
    desk.goto("/personal/")
    desk.get_by_role("link", name=re.compile("^Trámites recibidos")).click()
    desk.get_by_label("Número de trámite").fill(filing["number"])
    desk.get_by_role("button", name="Buscar").click()
    expect(desk).to_have_url(re.compile(r"numero="))
    snap(desk, f"tramites-{variant}-bandeja")
    desk.get_by_role("link", name=filing["number"]).click()
    expect(desk.get_by_role("heading", name=f"Trámite {filing['number']}")).to_be_visible()
    snap(desk, f"tramites-{variant}-detalle")
    desk.get_by_role("link", name="Observar").click()
    question = f"¿Observar el trámite {filing['number']}?"
    expect(desk.get_by_role("heading", name=question)).to_be_visible()
    desk.get_by_role("button", name="Sí, observar y avisar al remitente").click()
    expect(desk.get_by_role("alert")).to_contain_text("Escriba qué debe corregir el remitente")
    snap(desk, f"tramites-{variant}-observar-error")
    desk.get_by_label("Qué debe corregir el remitente").fill("Falta la firma del abogado.")
    desk.get_by_role("button", name="Sí, observar y avisar al remitente").click()
    expect(desk.get_by_text(f"Trámite {filing['number']} observado")).to_be_visible()
    expect(desk).to_have_url(re.compile(r"/personal/tramites/\d+$"))
    snap(desk, f"tramites-{variant}-observado")

    anyone = open_phone(javascript=javascript)
    anyone.goto("/verificar/tramite")
    anyone.get_by_label("Número de trámite").fill(filing["number"])
    anyone.get_by_label("Código de verificación").fill(filing["code"].lower())
    anyone.get_by_role("button", name="Verificar").click()
    expect(anyone.get_by_text("La constancia es auténtica")).to_be_visible()
    expect(anyone.get_by_text("Observado", exact=True)).to_be_visible()
    expect(anyone.get_by_text(re.compile("Observado por mesa de partes"))).to_be_visible()
    expect(anyone.get_by_text("Apersonamiento")).to_have_count(0)
    snap(anyone, f"tramites-{variant}-verificacion")
