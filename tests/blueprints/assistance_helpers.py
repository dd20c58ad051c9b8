"""The assistance desk: what a person types in the form, sending it, and the mails it causes."""

import re

from tests.helpers import human_answer, mails

FORM_URL = "/asistencia/"
SENT_URL = "/asistencia/enviado"
REQUEST = {
    "kind": "consulta",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "doc_type": "DNI",
    "doc_number": "45678901",
    "gender": "femenino",
    "age": "36",
    "phone": "987 654 321",
    "email": "Ana@Example.pe",
    "email_confirm": "ana@example.pe",
    "text": "¿Cómo obtengo una copia certificada de una resolución de mi expediente?",
    "privacy": "y",
}


def request_key(page_text: str) -> str:
    return re.search(r'name="request_key"[^>]*value="([^"]+)"', page_text).group(1)


def send(client, check=human_answer, headers=None, **changes):
    """Open the form and send it with the human check answered by `check` (the puzzle, as
    with JavaScript, or question_answer, as without)."""
    page = client.get(FORM_URL)
    data = REQUEST | {"request_key": request_key(page.text)} | check(page.text) | changes
    return client.post(FORM_URL, data=data, headers=headers)


def mails_to(tmp_path, address: str) -> list:
    return [mail for mail in mails(tmp_path) if mail["To"] == address]


def body(mail) -> str:
    return mail.get_body(("plain",)).get_content()
