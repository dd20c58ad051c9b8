"""The filing's constancia (receipt) as an A4 PDF: data in, bytes out (fpdf2, core fonts).

It proves what the court received and when: the tracking number and its verification code,
both instants (sent, and legally received in the court's time), who filed, where to, the
document, and every file with its size, pages and SHA-256, so anyone holding the files can
check them against the public verification page the QR code opens.
"""

from dataclasses import dataclass

from fpdf import FPDF

from domain.pdf.ticket import draw_qr, latin1, wrapped

PAGE_MM = (210, 297)
MARGIN_MM = 15
QR_MM = 38


@dataclass(frozen=True)
class FileLine:
    label: str  # 'Documento principal', 'Anexo 2'
    name: str
    size: str  # '1,2 MB'
    pages: int | None
    sha256: str


@dataclass(frozen=True)
class ConstanciaData:
    court: str
    tracking_number: str
    verification_code: str
    submitted: str  # '02/12/2026 10:00:00 (hora de Lima)'
    received: str
    late: bool  # sent outside business hours: received at the next opening
    filer: str
    filer_document: str  # 'DNI 45678901'
    company: str  # 'RUC 20123456789 · Empresa S.A.C.', or ''
    dependencia: str
    document_type: str
    document_number: str
    case_number: str
    subject: str
    folios: int
    files: tuple[FileLine, ...]
    fee_note: str
    verify_url: str
    receipts: tuple[str, ...] = ()  # the payment receipts the filing used (art. 14.2)


def constancia_pdf(data: ConstanciaData) -> bytes:
    pdf = FPDF(unit="mm", format=PAGE_MM)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(f"Constancia del trámite {data.tracking_number}")
    pdf.set_creator("Ventanilla")
    pdf.add_page()
    width = PAGE_MM[0] - 2 * MARGIN_MM
    text_width = width - QR_MM - 4  # beside the QR code at the top

    def line(text, size=10, style="", height=5.2, span=width, font="helvetica"):
        pdf.set_font(font, style, size)
        text = latin1(text)
        fits = pdf.get_string_width(text) <= span - 2 * pdf.c_margin
        for part in (text,) if fits else wrapped(text, style, size, span):
            pdf.cell(span, height, part, new_x="LMARGIN", new_y="NEXT")

    top = pdf.get_y()
    draw_qr(pdf, data.verify_url, PAGE_MM[0] - MARGIN_MM - QR_MM, top, QR_MM)
    line(data.court, 13, "B", 6.5, text_width)
    line("Mesa de partes electrónica", 10, "", span=text_width)
    line("Constancia de presentación", 10, "", span=text_width)
    pdf.ln(3)
    line("Número de trámite", 8, "B", span=text_width)
    line(data.tracking_number, 20, "B", 9, text_width)
    line("Código de verificación", 8, "B", span=text_width)
    line(data.verification_code, 14, "B", 7, text_width)
    pdf.set_y(max(pdf.get_y(), top + QR_MM) + 1)
    line(f"Verifique esta constancia en {data.verify_url}", 8, "I", 4.5)
    pdf.ln(3)

    def pair(label, value):
        line(label, 8, "B", 4.5)
        line(value or "-", 10)
        pdf.ln(0.8)

    pair("Enviado", data.submitted)
    pair("Recibido (hora legal de recepción)", data.received)
    if data.late:
        line(
            "Se envió fuera del horario de atención: se considera recibido el siguiente "
            "momento hábil indicado arriba.",
            8,
            "I",
            4.5,
        )
        pdf.ln(0.8)
    pair("Presentado por", f"{data.filer} · {data.filer_document}")
    if data.company:
        pair("En representación de", data.company)
    pair("Dirigido a", data.dependencia)
    pair("Documento", f"{data.document_type} {data.document_number}")
    if data.case_number:
        pair("Expediente", data.case_number)
    pair("Asunto", data.subject)
    pair("Folios", str(data.folios))
    for receipt in data.receipts:
        pair("Comprobante de pago", receipt)
    if data.fee_note:
        pair("Aranceles", data.fee_note)
    pdf.ln(2)
    line(f"Archivos ({len(data.files)})", 11, "B", 6)
    for item in data.files:
        pages = f" · {item.pages} pág." if item.pages else ""
        line(f"{item.label}: {item.name}", 9, "B", 4.6)
        line(f"{item.size}{pages}", 9, "", 4.6)
        # Courier 8: 64 hex digits take 108 mm, one line that a reader copies whole.
        line(f"SHA-256 {item.sha256}", 8, "", 4.6, font="courier")
        pdf.ln(1.2)
    pdf.ln(2)
    line(
        "La huella SHA-256 identifica cada archivo: si un archivo cambia en un solo byte, su "
        "huella es otra. Con el número de trámite y el código de verificación cualquier "
        "persona puede comprobar que esta constancia es auténtica.",
        8,
        "",
        4,
    )
    return bytes(pdf.output())
