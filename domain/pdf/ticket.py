"""The appointment ticket as a phone-width PDF: data in, bytes out (fpdf2, core fonts).

Core fonts (Helvetica, Latin-1) cover Spanish and are several times faster than embedding
a TTF; names are validated to Latin letters, and other text is folded to Latin-1.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from io import BytesIO

from fpdf import FPDF
from fpdf.enums import Align
from PIL import Image

from domain.qr import ticket_qr

WIDTH_MM = 80  # a phone screen or an 80 mm thermal roll
MARGIN_MM = 6
QR_MM = 34
LOGO_MM = 12
LOGO_MAX_PIXELS = 4_000_000  # a logo, not a photograph: and no decompression bomb
FOLD = str.maketrans(
    {"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "•": "*"}
)


@dataclass(frozen=True)
class TicketData:
    court: str
    code: str
    sede: str
    address: str
    service: str
    day: str  # 'lunes 23 de noviembre de 2026'
    time: str  # '09:00 a 09:20'
    person: str
    document: str
    issued: str  # '22/11/2026 09:41:07 (hora de Lima)'
    what_to_bring: str
    instructions: str
    priority: bool = False
    void: str = ""  # "ANULADO", "REPROGRAMADO": the ticket no longer admits anyone
    qr: str = ""  # what the QR code holds: the public verification link (default: the code)
    # The PDF's creation date: the booking's instant (aware), so the same ticket is the same
    # bytes each time it is built and its SHA-256 can be checked on /verificar.
    created: datetime | None = None


def latin1(text: str) -> str:
    return text.translate(FOLD).encode("latin-1", "replace").decode("latin-1")


@lru_cache(maxsize=512)
def wrapped(text: str, style: str, size: float, width: float) -> tuple[str, ...]:
    """The lines fpdf2 breaks a too-long `text` into. Remembered: the line breaker is most of
    a ticket's build time, and the long texts (sede address, what to bring) repeat."""
    pdf = FPDF(unit="mm")
    pdf.add_page()
    pdf.set_font("helvetica", style, size)
    return tuple(pdf.multi_cell(width, 4, text, dry_run=True, output="LINES"))


def draw_qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as filled squares: crisp at any zoom, no image to decode."""
    rows = list(ticket_qr(text).matrix_iter(border=0))
    module = size / len(rows)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                run = c
                while run < len(row) and row[run]:
                    run += 1
                pdf.rect(x + c * module, y + r * module, (run - c) * module, module, style="F")
                c = run
            else:
                c += 1


def draw_void_mark(pdf: FPDF, mark: str, width: float) -> None:
    """Where the QR code would be: the void word in a box, and the same word across the page."""
    top = pdf.get_y() + 2
    pdf.set_draw_color(176, 0, 32)
    pdf.set_text_color(176, 0, 32)
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN_MM, top, width, 22)
    pdf.set_xy(MARGIN_MM, top + 3)
    pdf.set_font("helvetica", "B", 20)
    pdf.cell(width, 9, mark, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 8)
    pdf.cell(width, 6, latin1("Este ticket ya no es válido"), align="C")
    with pdf.rotation(55, WIDTH_MM / 2, 110):
        pdf.set_font("helvetica", "B", 30)
        pdf.set_text_color(235, 190, 196)
        pdf.text(WIDTH_MM / 2 - pdf.get_string_width(mark) / 2, 110, mark)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + 26)


def logo_problem(image: bytes) -> str | None:
    """Why `image` cannot head the court's PDFs (in Spanish), or None when it can: it must
    open as a PNG or JPEG of a sensible size and draw into a PDF."""
    try:
        with Image.open(BytesIO(image)) as opened:
            if opened.format not in ("PNG", "JPEG"):
                return "El logotipo debe ser una imagen PNG o JPG"
            if opened.width * opened.height > LOGO_MAX_PIXELS:
                return "El logotipo tiene demasiados píxeles. Envíe una imagen de hasta 2000 × 2000"
            opened.verify()
        pdf = FPDF(unit="mm", format=(WIDTH_MM, 40))
        pdf.add_page()
        pdf.image(BytesIO(image), x=Align.C, h=LOGO_MM)
        pdf.output()
    except Exception:  # Pillow and fpdf2 fail in many ways on a damaged image
        return "El logotipo no se puede leer: está dañado o incompleto. Guárdelo otra vez"
    return None


def ticket_pdf(data: TicketData, logo: bytes | None = None) -> bytes:
    pdf = FPDF(unit="mm", format=(WIDTH_MM, 190))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(f"Ticket de cita {data.code}")
    pdf.set_creator("Ventanilla")
    if data.created is not None:
        pdf.set_creation_date(data.created)
    pdf.add_page()
    width = WIDTH_MM - 2 * MARGIN_MM

    def line(text, size=9, style="", align="L", height=4.6):
        pdf.set_font("helvetica", style, size)
        text = latin1(text)
        fits = pdf.get_string_width(text) <= width - 2 * pdf.c_margin
        for part in (text,) if fits else wrapped(text, style, size, width):
            pdf.cell(width, height, part, align=align, new_x="LMARGIN", new_y="NEXT")

    if logo:
        pdf.image(BytesIO(logo), x=Align.C, h=LOGO_MM)
        pdf.ln(1)
    line(data.court, 10, "B", "C")
    line("Ticket de cita - Mesa de partes", 9, "", "C")
    pdf.ln(2)
    line("Código de la cita", 8, "", "C")
    line(data.code, 17, "B", "C", 8)
    if data.void:
        draw_void_mark(pdf, data.void, width)
    else:
        draw_qr(pdf, data.qr or data.code, (WIDTH_MM - QR_MM) / 2, pdf.get_y() + 1, QR_MM)
        pdf.set_y(pdf.get_y() + QR_MM + 3)
    if data.priority:
        line("ATENCIÓN PREFERENTE", 10, "B", "C")
    for label, value in (
        ("Fecha", data.day),
        ("Hora", data.time),
        ("Trámite", data.service),  # the word the pages and e-mails use
        ("Sede", f"{data.sede}, {data.address}"),
        ("Nombre", data.person),
        ("Documento", data.document),
    ):
        line(label, 7, "B")
        line(value, 10)
    pdf.ln(1.5)
    # A court set up from empty may have neither yet: no heading over nothing.
    for heading, text in (("Qué traer", data.what_to_bring), ("En la sede", data.instructions)):
        if text:
            line(heading, 7, "B")
            line(text, 8, height=4)
    pdf.ln(1.5)
    line(f"Emitido el {data.issued}", 7, "I")
    return bytes(pdf.output())
