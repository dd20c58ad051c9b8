"""The published hearings schedule: kinds of hearing and the virtual room's link. No Flask,
no database."""

from urllib.parse import urlsplit

from domain.enums import LabelledEnum

MAX_MINUTES = 12 * 60  # a hearing longer than a working day is a typo
LINK_LENGTH = 500


class HearingKind(LabelledEnum):
    """What the hearing is; the public list and the calendar show the label."""

    UNICA = "unica", "Audiencia única"
    CONCILIACION = "conciliacion", "Audiencia de conciliación"
    PRUEBAS = "pruebas", "Audiencia de pruebas"
    SANEAMIENTO = "saneamiento", "Audiencia de saneamiento"
    PRISION_PREVENTIVA = "prision_preventiva", "Audiencia de prisión preventiva"
    CONTROL_ACUSACION = "control_acusacion", "Audiencia de control de acusación"
    JUICIO_ORAL = "juicio_oral", "Juicio oral"
    VISTA_CAUSA = "vista_causa", "Vista de la causa"
    INFORME_ORAL = "informe_oral", "Informe oral"
    LECTURA_SENTENCIA = "lectura_sentencia", "Lectura de sentencia"
    OTRA = "otra", "Otra audiencia"


class InvalidLink(ValueError):
    """The virtual room's link cannot be published; the message says what to write."""


def check_virtual_link(typed: str) -> str:
    """The link as it will be published: https only (an http link can be rewritten on the
    way), with a host, no spaces or credentials; '' when nothing was typed."""
    link = (typed or "").strip()
    if not link:
        return ""
    if len(link) > LINK_LENGTH:
        raise InvalidLink(f"El enlace debe tener como máximo {LINK_LENGTH} caracteres")
    try:
        parts = urlsplit(link)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        raise InvalidLink("Escriba el enlace completo de la sala virtual") from None
    if parts.scheme.lower() != "https":
        raise InvalidLink("El enlace de la sala virtual debe empezar con https://")
    if not parts.hostname or "." not in parts.hostname or not port_ok:
        raise InvalidLink("Escriba el enlace completo de la sala virtual, con su dominio")
    if any(c.isspace() or ord(c) < 32 for c in link) or "@" in parts.netloc:
        raise InvalidLink("El enlace no puede tener espacios ni usuario y contraseña")
    return link
