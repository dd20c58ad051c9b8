"""Receipts at the counter: importing the bank's file, registering a receipt once, who may."""

import re
from decimal import Decimal as D

import pytest

from domain.fees import valid_until
from models import BankPayment, ReceiptUse, User
from services.clock import utc_now
from tests.blueprints.fee_import_helpers import preview_ref, upload
from tests.blueprints.receipt_helpers import (
    ACT,
    BANK_FILE,
    HABILITATION,
    REFUND,
    REGISTER,
    audited,
    pay,
    register,
)
from tests.helpers import HX, sign_in
from tests.helpers import staff as make_staff

IMPORT = "/personal/comprobantes/importar"


# --- the bank's payment file ------------------------------------------------------------


def import_bank(client, content=BANK_FILE):
    ref = preview_ref(upload(client, content, "pagos.csv", url=IMPORT))
    preview = client.get(f"{IMPORT}/revisar?ref={ref}")
    done = client.post(f"{IMPORT}/confirmar", data={"ref": ref}, follow_redirects=True)
    return preview, done


def test_importing_the_same_bank_file_twice_adds_nothing_the_second_time(clerk):
    preview, done = import_bank(clerk)
    assert "2 pagos nuevos" in preview.text and "Confirmar e importar" in preview.text
    assert "Importamos el archivo del banco: 2 pagos nuevos, 0 ya estaban." in done.text
    preview, done = import_bank(clerk)
    assert "0 pagos nuevos y 2 que ya estaban importados" in preview.text
    assert "Importamos el archivo del banco: 0 pagos nuevos, 2 ya estaban." in done.text
    assert BankPayment.select().count() == 2
    assert [e.detail for e in audited("pagos_importados")] == [
        "2 pagos nuevos, 0 ya estaban",
        "0 pagos nuevos, 2 ya estaban",
    ]


def test_a_bank_file_with_bad_rows_shows_them_and_imports_nothing(clerk):
    content = BANK_FILE.replace(b"55.00", b"cincuenta").replace(b"02/11/2026", b"ayer")
    preview, done = import_bank(clerk, content)
    assert "<title>Error: " in preview.text and "Confirmar e importar" not in preview.text
    assert "El monto no es un número: «cincuenta»" in preview.text
    assert "Fecha y hora no válidas: «ayer 10:31»" in preview.text
    assert BankPayment.select().count() == 0 and not audited("pagos_importados")


def test_the_import_bank_file_command_adds_each_payment_once(app, db, tmp_path):
    path = tmp_path / "pagos.csv"
    path.write_bytes(BANK_FILE)
    runner = app.test_cli_runner()
    assert (
        "2 pagos nuevos, 0 ya estaban" in runner.invoke(args=["import-bank-file", str(path)]).output
    )
    assert (
        "0 pagos nuevos, 2 ya estaban" in runner.invoke(args=["import-bank-file", str(path)]).output
    )
    path.write_bytes(BANK_FILE.replace(b"7000002", b"7000003").replace(b"5.30", b"-1"))
    refused = runner.invoke(args=["import-bank-file", str(path)])
    assert refused.exit_code != 0 and "no puede ser negativo" in refused.output
    assert BankPayment.select().count() == 2


# --- registering a receipt --------------------------------------------------------------


def test_a_good_receipt_is_registered_once_and_shows_its_validity(clerk):
    payment = pay()
    response = register(
        clerk, payment, expected_code="07900", expected_amount=str(payment.amount + 1)
    )
    assert response.status_code == 303
    page = clerk.get(response.headers["Location"])
    assert "Comprobante registrado" in page.text
    assert valid_until(payment.paid_on).strftime("%d/%m/%Y") in page.text
    assert "la diferencia de S/\u00a01.00 es de S/\u00a01.40 o menos (art. 17 b)" in page.text
    use = ReceiptUse.get()
    assert (use.payment_id, use.used_for, use.registered_by.email) == (
        payment.id,
        ACT,
        "mesa@corte.pe",
    )
    assert use.typo_accepted_by is None
    [event] = audited("comprobante_usado")
    assert event.subject == f"1234567 del {payment.paid_on:%d/%m/%Y}" and ACT in event.detail


def problems_shown(response) -> str:
    assert response.status_code == 200 and "<title>Error: " in response.text
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())  # no-break spaces too


@pytest.mark.parametrize(
    ("setup", "changes", "message"),
    [
        ({}, lambda p: {"sequence": "9999999"}, "No hay un pago con esa secuencia y fecha"),
        (
            {},
            lambda p: {"amount": "50.00"},
            "El banco registra S/ {amount:.2f}, no S/ 50.00.",
        ),
        ({"days_ago": 400}, lambda p: {}, "vale un año (art. 16)"),
        ({}, lambda p: {"payer_document": "10203040"}, "no coincide con el del pago del banco"),
        ({"amount": D("54.00")}, lambda p: {}, "no corresponde al concepto 07900 en el Cuadro"),
        (
            {},
            lambda p: {"expected_amount": str(p.amount + 2)},
            "Falta pagar un reintegro de S/ 2.00 (art. 17 a)",
        ),
        ({}, lambda p: {"expected_code": "07927"}, "puede pedir su habilitación (art. 37 g)"),
        ({}, lambda p: {"amount": "", "paid_on": "31/02/2026"}, "Escriba el monto pagado"),
        ({}, lambda p: {"amount": " \t "}, "Escriba el monto pagado"),  # was a 500
        ({}, lambda p: {"paid_on": "31/12/9999"}, "Escriba una fecha entre el 01/01/1900"),
    ],
    ids=[
        "not-found",
        "wrong-amount",
        "expired",
        "document",
        "not-a-price",
        "reintegro",
        "other-concept",
        "form",
        "blank-amount",
        "year-9999",
    ],
)
def test_a_receipt_with_a_problem_is_not_used(clerk, setup, changes, message):
    payment = pay(**setup)
    text = problems_shown(register(clerk, payment, **changes(payment)))
    assert message.format(amount=payment.amount) in text
    assert ReceiptUse.select().count() == 0 and not audited("comprobante_usado")


def test_a_receipt_used_before_is_refused(clerk):
    payment = pay()
    assert register(clerk, payment).status_code == 303
    text = problems_shown(register(clerk, payment, used_for="Otro escrito"))
    assert "Este comprobante ya fue usado en otro escrito (art. 4.3)." in text
    assert ReceiptUse.select().count() == 1


def test_a_double_tap_shows_the_same_registration(clerk):
    payment = pay()
    first, second = register(clerk, payment), register(clerk, payment)
    assert first.headers["Location"] == second.headers["Location"]
    assert "ya quedó registrado para este acto" in clerk.get(second.headers["Location"]).text
    assert ReceiptUse.select().count() == 1 and len(audited("comprobante_usado")) == 1


def test_a_typing_error_of_one_digit_can_be_accepted_by_the_clerk(clerk):
    payment = pay()
    asked = register(clerk, payment, payer_document="45678902")
    text = problems_shown(asked)
    assert "difiere en 1 dígito." in text and 'name="accept_typo"' in asked.text
    assert ReceiptUse.select().count() == 0
    accepted = register(clerk, payment, payer_document="45678902", accept_typo="y")
    assert accepted.status_code == 303
    assert ReceiptUse.get().typo_accepted_by.email == "mesa@corte.pe"
    assert "Error de digitación aceptado" in clerk.get(accepted.headers["Location"]).text


def test_the_register_form_is_a_page_or_its_fragment(clerk):
    page = clerk.get(REGISTER)
    assert "<html" in page.text and 'name="accept_typo"' not in page.text
    fragment = clerk.get(REGISTER, headers=HX)
    assert "<html" not in fragment.text and '<section id="receipt-form">' in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]


def test_the_calculators_result_fills_in_what_the_act_asks_for(clerk):
    page = clerk.get(f"{REGISTER}?concepto=07927&monto=110.00")
    assert '<option selected value="07927">' in page.text
    assert 'name="expected_amount" type="text" value="110.00"' in page.text


def test_an_unknown_use_is_not_found(clerk):
    assert clerk.get("/personal/comprobantes/usos/987654").status_code == 404


# --- who may use these screens ----------------------------------------------------------

SCREENS = [
    REGISTER,
    IMPORT,
    HABILITATION,
    REFUND,
    f"{IMPORT}/revisar",
    "/personal/aranceles",
    "/personal/aranceles/importar",
]


def test_citizens_and_other_roles_are_refused(app, db):
    make_staff("verifica@corte.pe", "verificador")
    citizen = User(email="ana@example.pe", full_name="Ana", created_at=utc_now())
    citizen.set_password("Clave-Segura-2026")
    citizen.save()
    for email in ("verifica@corte.pe", "ana@example.pe"):
        client = app.test_client()
        sign_in(client, email)
        for url in SCREENS:
            assert client.get(url).status_code == 403, (email, url)
            assert client.post(url).status_code in (403, 405), (email, url)
