"""The configuration file screens: download, upload, every error or every change, confirm."""

import pytest
from bs4 import BeautifulSoup

from models import AuditEvent, Sede
from tests.blueprints.fee_import_helpers import preview_ref, upload
from tests.helpers import HX

PAGE = "/personal/configuracion/archivo"
CONFIRM = "/personal/configuracion/archivo/confirmar"


def exported(client, fmt="yaml") -> str:
    response = client.get(f"{PAGE}/descargar?formato={fmt}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_offers_both_downloads_and_the_upload(admin):
    page = admin.get(PAGE)
    assert page.status_code == 200 and "<html" in page.text
    soup = BeautifulSoup(page.text, "html.parser")
    links = [a["href"] for a in soup.select("a[download]")]
    assert links == [f"{PAGE}/descargar?formato=yaml", f"{PAGE}/descargar?formato=json"]
    assert "3 sedes · 6 servicios" in soup.get_text(" ", strip=True)
    assert soup.select_one("form[enctype='multipart/form-data'] input[type=file]")
    assert "Configuración de la corte como archivo" in admin.get("/personal/").text


def test_htmx_gets_only_the_section(admin):
    fragment = admin.get(PAGE, headers=HX)
    assert "<html" not in fragment.text
    assert (
        fragment.text.strip().endswith("</section>")
        and '<section id="config-file">' in fragment.text
    )
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize(
    ("fmt", "type_", "start"),
    [("yaml", "application/yaml", "format:"), ("json", "application/json", "{")],
)
def test_the_download_is_an_attachment_and_audited(admin, fmt, type_, start):
    response = admin.get(f"{PAGE}/descargar?formato={fmt}")
    assert response.mimetype == type_
    assert response.headers["Content-Disposition"].endswith(f".{fmt}")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_data(as_text=True).startswith(start)
    event = AuditEvent.get(AuditEvent.action == "configuracion_exportada")
    assert event.actor_label == "admin@corte.pe"


def test_an_unknown_format_is_not_found(admin):
    assert admin.get(f"{PAGE}/descargar?formato=xml").status_code == 404


def test_a_changed_file_is_previewed_then_applied_once(admin):
    text = exported(admin).replace("capacity_per_slot: 1", "capacity_per_slot: 3")
    response = upload(admin, text.encode(), name="corte.yaml", url=PAGE)
    ref = preview_ref(response)
    preview = admin.get(response.headers["Location"])
    assert preview.status_code == 200 and "Confirmar y aplicar" in preview.text
    assert "sedes[zavala].capacity_per_slot: «1» → «3»" in preview.text
    assert "<title>Error" not in preview.text
    assert Sede.get(code="zavala").capacity_per_slot == 1

    done = admin.post(CONFIRM, data={"ref": ref})
    assert done.status_code == 303 and done.headers["Location"] == PAGE
    assert "Importamos la configuración del archivo corte.yaml: 1 cambios." in admin.get(PAGE).text
    assert Sede.get(code="zavala").capacity_per_slot == 3
    event = AuditEvent.get(AuditEvent.action == "configuracion_importada")
    assert (event.actor_label, event.subject) == ("admin@corte.pe", "corte.yaml")
    again = admin.post(CONFIRM, data={"ref": ref})
    assert again.status_code == 303
    assert "Ese archivo ya se importó" in admin.get(PAGE).text
    assert AuditEvent.select().where(AuditEvent.action == "configuracion_importada").count() == 1


def test_htmx_confirm_leads_to_the_pages_fragment_with_the_outcome(admin):
    text = exported(admin, "json").replace('"capacity_per_slot": 1', '"capacity_per_slot": 2')
    ref = preview_ref(upload(admin, text.encode(), name="corte.json", url=PAGE))
    preview = admin.get(f"{PAGE}/revisar?ref={ref}", headers=HX)
    assert "<html" not in preview.text and '<section id="config-preview">' in preview.text
    done = admin.post(CONFIRM, data={"ref": ref}, headers=HX)
    assert done.status_code == 303 and done.headers["Location"] == PAGE
    page = admin.get(PAGE, headers=HX)
    assert "<html" not in page.text and "corte.json: 1 cambios" in page.text
    assert Sede.get(code="zavala").capacity_per_slot == 2


def test_every_error_is_listed_and_nothing_can_be_applied(admin):
    text = (
        exported(admin)
        .replace("country: PE", "country: AR")
        .replace('closes: "13:00"', 'closes: "07:00"', 1)
    )
    response = upload(admin, text.encode(), name="malo.yaml", url=PAGE)
    preview = admin.get(response.headers["Location"])
    assert preview.status_code == 200
    soup = BeautifulSoup(preview.text, "html.parser")
    assert soup.title.string.startswith("Error: ")
    errors = [li.get_text(strip=True) for li in soup.select(".error-summary li")]
    assert errors == [
        "court.country: debe ser uno de: PE, GT",
        "sedes[0].opening_hours[0].closes: debe ser posterior a opens (08:00)",
    ]
    assert "Confirmar y aplicar" not in preview.text
    done = admin.post(CONFIRM, data={"ref": preview_ref(response)})
    assert done.status_code == 303
    assert "cambió mientras revisaba" in admin.get(done.headers["Location"]).text
    assert not AuditEvent.select().where(AuditEvent.action == "configuracion_importada").exists()


def test_an_unchanged_file_says_so(admin):
    response = upload(admin, exported(admin).encode(), name="igual.yaml", url=PAGE)
    preview = admin.get(response.headers["Location"])
    assert "no hay nada que cambiar" in preview.text and "Confirmar y aplicar" not in preview.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Elija el archivo de configuración"),
        (b"   \n", "El archivo está vacío"),
        (b"PK\x03\x04 zip", "El archivo no es de texto"),
        (b"%PDF-1.7", "El archivo no es de texto"),
        ("año: 1".encode("latin-1"), "no está en UTF-8"),
        (b"a: 1\x07", "caracteres de control"),
        (b"x" * (1024 * 1024 + 1), "pesa más de 1 MB"),
    ],
)
def test_files_that_are_not_text_are_refused_next_to_the_field(admin, content, message):
    response = upload(admin, content, name="x.yaml", url=PAGE)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.title.string.startswith("Error: ")
    assert message in soup.select_one(".error-summary").get_text()


def test_a_preview_of_someone_elses_or_a_forged_reference_is_refused(admin):
    response = admin.get(f"{PAGE}/revisar?ref=forjada")
    assert response.status_code == 303 and response.headers["Location"] == PAGE
    assert "La vista previa venció" in admin.get(PAGE).text
    assert admin.post(CONFIRM, data={"ref": "forjada"}).status_code == 303


def test_a_clerk_cannot_open_the_screens(clerk):
    assert clerk.get(PAGE).status_code == 403
    assert clerk.get(f"{PAGE}/descargar").status_code == 403


def test_a_file_with_thousands_of_errors_lists_the_first_and_counts_the_rest(admin):
    text = exported(admin).replace("fee_tables:\n", "fee_tables:\n" + "- year: 1\n" * 400)
    response = upload(admin, text.encode(), name="muchos.yaml", url=PAGE)
    preview = admin.get(response.headers["Location"])
    soup = BeautifulSoup(preview.text, "html.parser")
    items = soup.select(".error-summary li")
    assert len(items) == 301
    assert "El archivo tiene 400 errores" in soup.select_one(".error-summary h2").get_text()
    assert items[-1].get_text(strip=True).startswith("… y 100 errores más")
