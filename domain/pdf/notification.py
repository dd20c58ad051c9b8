"""The constancia de notificación: one addressee's three instants, the document's SHA-256 and
a QR code to the public verification page. Data in, A4 PDF bytes out (fpdf2, core fonts)."""

from dataclasses import dataclass

from fpdf import FPDF

from domain.pdf.ticket import draw_qr, latin1

MARGIN_MM = 18
WIDTH_MM = 210 - 2 * MARGIN_MM
QR_MM = 38


@dataclass(frozen=True)
class ProofData:
    court: str
    code: str
    case_number: str
    dependencia: str
    act: str
    resolution: str
    addressee: str
    casillero: str
    issued: str  # '02/12/2026 10:00:00'
    available: str
    opened: str  # '' while unopened
    served: str  # 'Notificada el ...' or 'Si no la abre antes, ...'
    timezone: str
    document_sha256: str
    annexes: tuple[tuple[str, str], ...]  # (name, sha256)
    verify_url: str


def proof_pdf(data: ProofData) -> bytes:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(f"Constancia de notificación {data.code}")
    pdf.set_creator("Ventanilla")
    pdf.add_page()

    def line(text, size=10, style="", height=5.5, font="helvetica"):
        pdf.set_font(font, style, size)
        pdf.multi_cell(WIDTH_MM, height, latin1(text), new_x="LMARGIN", new_y="NEXT")

    line(data.court, 13, "B")
    line("Casilla electrónica - Constancia de notificación", 11)
    pdf.ln(3)
    top = pdf.get_y()
    draw_qr(pdf, data.verify_url, MARGIN_MM + WIDTH_MM - QR_MM, top, QR_MM)
    pdf.set_right_margin(MARGIN_MM + QR_MM + 4)
    for label, value in (
        ("Código", data.code),
        ("Expediente", data.case_number),
        ("Órgano / dependencia", data.dependencia),
        ("Acto", f"{data.act} N.° {data.resolution}"),
        (
            "Destinatario",
            data.addressee + (f" (casillero {data.casillero})" if data.casillero else ""),
        ),
    ):
        pdf.set_font("helvetica", "B", 8)
        pdf.cell(0, 4, latin1(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_right_margin(MARGIN_MM)
    pdf.set_y(max(pdf.get_y(), top + QR_MM) + 4)
    line(f"Fechas y horas (hora de {data.timezone})", 11, "B")
    for label, value in (
        ("Emitida", data.issued),
        ("Puesta a disposición", data.available),
        ("Abierta / recibida", data.opened or "Aún no abierta por el destinatario"),
    ):
        pdf.set_font("helvetica", "B", 10)
        pdf.cell(55, 6, latin1(label))
        pdf.set_font("helvetica", "", 10)
        pdf.cell(0, 6, latin1(value), new_x="LMARGIN", new_y="NEXT")
    if data.served:
        line(data.served, 10, "I")
    pdf.ln(3)
    line("Huella SHA-256 del documento notificado", 11, "B")
    line(data.document_sha256, 9, font="courier")
    for index, (name, digest) in enumerate(data.annexes, start=1):
        line(f"Anexo {index}: {name}", 9, "B")
        line(digest, 9, font="courier")
    pdf.ln(3)
    line(
        "Compruebe esta constancia escaneando el código QR o en "
        f"{data.verify_url}. La página pública muestra solo que la notificación existe, "
        "la huella de su documento y sus fechas; nunca su contenido.",
        8,
    )
    return bytes(pdf.output())
