import dataclasses
import hashlib
import io

import pytest
from pypdf import PdfReader

from domain.pdf.constancia import ConstanciaData, FileLine, constancia_pdf


def digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


FILES = (
    FileLine("Documento principal", "escrito.pdf", "1,2 MB", 14, digest(0)),
    FileLine("Anexo 1", "pruebas.zip", "28,4 MB", None, digest(1)),
    FileLine("Anexo 2", "foto del contrato.jpg", "0,8 MB", None, digest(2)),
)
DATA = ConstanciaData(
    court="Corte Superior de Justicia de Lima",
    tracking_number="2026-000123",
    verification_code="7K3M-9QXD-2P4A",
    submitted="04/12/2026 19:30:12 (hora de Lima)",
    received="07/12/2026 08:00:00 (hora de Lima)",
    late=True,
    filer="José Ñañez Ríos",
    filer_document="DNI 45678901",
    company="RUC 20123456789 · Inversiones Ñaña S.A.C.",
    dependencia="1.er Juzgado Especializado en lo Civil de Lima",
    document_type="Escrito",
    document_number="SN",
    case_number="00123-2026-0-1801-JR-CI-01",
    subject="Apersonamiento al proceso — señala domicilio procesal",
    folios=14,
    files=FILES,
    fee_note="Falta el arancel por ofrecimiento de pruebas (07900).",
    verify_url="https://ventanilla.pj.gob.pe/verificar/tramite/7K3M-9QXD-2P4A",
)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_constancia_carries_the_filing_both_instants_and_every_hash():
    pdf = constancia_pdf(DATA)
    assert pdf.startswith(b"%PDF") and len(pdf) < 60_000
    text = text_of(pdf)
    for expected in (
        "2026-000123",
        "7K3M-9QXD-2P4A",
        "04/12/2026 19:30:12",
        "07/12/2026 08:00:00",
        "fuera del horario de atención",
        "José Ñañez Ríos",
        "DNI 45678901",
        "Inversiones Ñaña S.A.C.",
        "1.er Juzgado Especializado en lo Civil de Lima",
        "00123-2026-0-1801-JR-CI-01",
        "Falta el arancel",
        "foto del contrato.jpg",
        "14 pág.",
        "28,4 MB",
        DATA.verify_url,
        *(f.sha256 for f in FILES),
    ):
        assert expected in text, expected


def test_what_a_filing_lacks_is_not_printed():
    plain = dataclasses.replace(DATA, late=False, company="", case_number="", fee_note="")
    text = text_of(constancia_pdf(plain))
    assert "fuera del horario" not in text and "representación" not in text
    assert "Expediente" not in text and "Aranceles" not in text


@pytest.mark.parametrize("files", [0, 6, 30])
def test_any_number_of_files_and_a_long_subject_lose_no_hash_and_no_word(files):
    many = tuple(
        FileLine(f"Anexo {n}", f"anexo-{n}.pdf", "5,0 MB", 3, digest(n)) for n in range(files)
    )
    words = [f"palabra{n}" for n in range(120)]
    long = dataclasses.replace(DATA, files=many, subject=" ".join(words))
    text = text_of(constancia_pdf(long))
    assert all(f.sha256 in text for f in many)
    assert all(word in text.split() for word in words)


def test_the_receipts_a_filing_used_are_on_its_constancia():
    paid = dataclasses.replace(DATA, receipts=("Secuencia 5550001 del 01/12/2026 · concepto 01",))
    text = text_of(constancia_pdf(paid))
    assert "Comprobante de pago" in text and "Secuencia 5550001 del 01/12/2026" in text
    assert "Comprobante de pago" not in text_of(constancia_pdf(DATA))
