"""The court's set-up screens: what an administrator types, and a logo to upload."""

import io

from PIL import Image

PROFILE = {
    "name": "Juzgado de Paz de Chivay",
    "short_name": "JP Chivay",
    "country": "PE",
    "timezone": "America/Lima",
}
SEDE = {
    "name": "Sede Plaza de Armas",
    "code": "plaza",
    "address": "Jr. Siglo XX 101",
    "district": "Chivay",
    "city": "Arequipa",
    "phone": "(054) 531-010",
}
SERVICE = {
    "code": "copias",
    "name": "Copias certificadas",
    "description": "Pedido de copias certificadas de un expediente",
    "what_to_bring": "El número de expediente y el comprobante de pago.",
}


def logo_png(width=120, height=60) -> bytes:
    """A small, real PNG, as an administrator's logo would be."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 20, 30)).save(out, format="PNG")
    return out.getvalue()


def is_setup_fragment(response) -> bool:
    """Only the #setup block (after the <title> line htmx uses), never a whole page."""
    text = response.get_data(as_text=True)
    body = text.split("\n", 1)[1].lstrip() if text.startswith("<title>") else text.lstrip()
    return body.startswith('<section id="setup">') and "<html" not in text
