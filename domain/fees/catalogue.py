"""What the calculator knows: payment codes, acts, process kinds, roles and situations.

Keys are stable identifiers (they go in links and in the JSON API); values are the Spanish
words people see. Amounts are not here: they come from each year's Cuadro de Valores.
"""

from dataclasses import dataclass
from decimal import Decimal

ARANCEL = "arancel"
NOTIFICATION = "notificacion"
NOTIFICATION_CODE = "09970"


@dataclass(frozen=True)
class Code:
    """A payment code a cuadro may price."""

    name: str
    kind: str = ARANCEL
    unit: str | None = None  # amount per unit ("folio", "derecho") rather than per act


# Every code a CSV may contain. A code not listed here is an import error: the calculator
# would not know which act it pays for.
CODES = {
    "07900": Code("Ofrecimiento de pruebas"),
    "07439": Code("Solicitud de nulidad de actos procesales"),
    "07927": Code("Recurso de apelación de autos"),
    "07935": Code("Recurso de apelación de sentencias"),
    "07951": Code("Recurso de nulidad y casación"),
    "07943": Code("Recurso de queja"),
    "07978": Code("Diligencias fuera del local del juzgado"),
    "08168": Code("Formas especiales de conclusión del proceso"),
    "07374": Code("Otorgamiento de poder por acta"),
    "08222": Code("Medidas cautelares"),
    "08223": Code("Laudo arbitral en sede judicial"),
    "08079": Code("Solicitud de remate judicial"),
    "08214-01": Code("Exhorto dentro del distrito judicial"),
    "08214-02": Code("Exhorto a otro distrito judicial"),
    "08214-03": Code("Exhorto al extranjero"),
    "08990": Code("Expedición de partes judiciales"),
    "07375": Code("Publicación de edicto judicial electrónico"),
    "07447": Code("Copia certificada", unit="folio"),
    NOTIFICATION_CODE: Code("Derecho de notificación judicial", NOTIFICATION, unit="derecho"),
}

PETITORIO = "Cuantía del petitorio"


@dataclass(frozen=True)
class Act:
    """Something a filer asks for, and the cuadro code that prices it."""

    label: str
    code: str
    citation: str
    cuantia_label: str = PETITORIO
    note: str = ""
    rate: Decimal | None = None  # share of the cuantía, for codes the Reglamento prices itself


LIMA_CALLAO = (
    "No se libran exhortos entre las Cortes de Lima, Callao, Lima Este, Lima Norte, Lima Sur y "
    "Puente Piedra - Ventanilla, ni dentro de una misma localidad (art. 22 b)."
)

ACTS = {
    "ofrecimiento_pruebas": Act(
        "Ofrecimiento de pruebas (demanda, contestación, excepción, reconvención, tercería…)",
        "07900",
        "art. 18.1",
        note="Se paga un arancel por cada acto y por cada excepción (art. 18.1 a y b).",
    ),
    "apelacion_auto": Act(
        "Recurso de apelación de auto",
        "07927",
        "art. 18.2",
        note="Sin efecto suspensivo, incluye las copias certificadas que el juez pida para "
        "formar el cuaderno (art. 18.2 b).",
    ),
    "apelacion_sentencia": Act("Recurso de apelación de sentencia", "07935", "art. 18.2"),
    "casacion": Act("Recurso de casación", "07951", "art. 18.2"),
    "recurso_nulidad": Act("Recurso de nulidad", "07951", "art. 18.2"),
    "queja": Act("Recurso de queja", "07943", "art. 18.2"),
    "nulidad_actos": Act("Solicitud de nulidad de actos procesales", "07439", "art. 19"),
    "diligencia_fuera": Act(
        "Diligencia fuera del local del juzgado",
        "07978",
        "art. 20",
        note="No la pagan las medidas cautelares y embargos ya pagados (art. 20.3).",
    ),
    "conclusion_especial": Act(
        "Allanamiento, transacción, desistimiento, suspensión convencional o conciliación",
        "08168",
        "art. 21",
        note="En la transacción y la suspensión convencional paga cada parte (art. 21 b y c).",
    ),
    "exhorto_distrito": Act(
        "Exhorto dentro del distrito judicial", "08214-01", "art. 22", note=LIMA_CALLAO
    ),
    "exhorto_otro_distrito": Act(
        "Exhorto a otro distrito judicial", "08214-02", "art. 22", note=LIMA_CALLAO
    ),
    "exhorto_extranjero": Act("Exhorto al extranjero", "08214-03", "art. 22"),
    "medida_cautelar": Act(
        "Medida cautelar, anotación de demanda, embargo o incautación",
        "08222",
        "art. 23",
        cuantia_label="Monto de la medida cautelar",
        note="El secuestro de un vehículo y su inscripción en el registro pagan un arancel "
        "cada uno (art. 23 b).",
    ),
    "oposicion_cautelar": Act(
        "Oposición contra una medida cautelar",
        "07927",
        "art. 24 a",
        cuantia_label="Monto de la medida que se quiere dejar sin efecto",
    ),
    "oposicion_tacha": Act("Oposición o tacha a medios probatorios", "07927", "art. 24 b"),
    "laudo_arbitral": Act("Ejecución, anulación u oposición de laudo arbitral", "08223", "art. 25"),
    "remate": Act(
        "Solicitud de remate judicial",
        "08079",
        "art. 26",
        cuantia_label="Tasación aprobada (suma de la de todos los bienes)",
    ),
    "adjudicacion_remate": Act(
        "Saneamiento y partes judiciales del postor ganador",
        "07455",
        "art. 27 b",
        cuantia_label="Valor de la tasación",
        rate=Decimal("0.01"),
    ),
    "poder_por_acta": Act("Otorgamiento de poder por acta", "07374", "art. 28"),
    "partes_judiciales": Act("Expedición de partes judiciales", "08990", "art. 29"),
    "copias_certificadas": Act("Copias certificadas (por folio)", "07447", "art. 31"),
    "edicto": Act("Publicación de edicto judicial electrónico", "07375", "art. 32"),
    "derecho_notificacion": Act(
        "Solo derechos de notificación judicial (un escrito que no paga arancel)",
        NOTIFICATION_CODE,
        "art. 35",
        note="Se paga un derecho por cada parte a la que el juzgado notificará (art. 35.2).",
    ),
}

PROCESSES = {
    "civil": "Civil",
    "familia": "Familia (tenencia, régimen de visitas y otros asuntos de menores)",
    "alimentos": "Alimentos",
    "filiacion": "Filiación extramatrimonial",
    "laboral": "Laboral",
    "previsional": "Previsional",
    "contencioso_administrativo": "Contencioso administrativo",
    "constitucional": "Constitucional (amparo, hábeas corpus, hábeas data, cumplimiento…)",
    "penal": "Penal",
    "querella": "Querella",
}

ROLES = {"demandante": "Demandante", "demandado": "Demandado", "tercero": "Tercero"}

PERSONS = {
    "natural": "Persona natural",
    "juridica": "Persona jurídica con fines de lucro",
    "juridica_sin_fines_de_lucro": "Persona jurídica sin fines de lucro",
    "empresa_estatal": "Empresa del Estado (FONAFE, regional o municipal; no EsSalud)",
}

SITUATIONS = {
    "auxilio_judicial": "Tiene auxilio judicial concedido (también el demandante de prescripción "
    "adquisitiva con 20 o más copropietarios demandados que se acoge a él, art. 34 c)",
    "trabajador_o_heredero": "Es trabajador, ex trabajador o heredero de uno",
    "ejecucion_acta_conciliacion": "Pide ejecutar un acta de conciliación extrajudicial de "
    "alimentos, laboral o previsional",
    "zona_extrema_pobreza": "Litiga en una zona declarada de extrema pobreza",
    "victima_ruv": "Está inscrito en el Libro Primero del Registro Único de Víctimas",
    "sistema_de_apoyos": "Está comprendido en el sistema de apoyos y salvaguardias",
    "financiera_en_liquidacion": "Es una empresa del sistema financiero en disolución o "
    "liquidación",
    "tenencia_o_visitas": "Es una medida cautelar en un proceso de tenencia o régimen de visitas",
    "ejecucion_anticipada": "Pide la ejecución anticipada de la decisión final (familia, menores)",
    "amparo_contra_resolucion": "Es un amparo contra resolución judicial, laudo o proceso "
    "parlamentario",
    "conciliacion_del_juzgado": "El proceso concluye por conciliación propuesta por el juzgado o "
    "por abandono",
    "exonerado_por_ley": "Una ley lo exonera expresamente de este pago",
}

# Tipo de órgano (footnote 15 of art. 37 j) plus the Corte Suprema.
INSTANCES = {
    "paz_letrado": "Juzgado de Paz Letrado",
    "especializado": "Juzgado Especializado o Mixto",
    "sala_superior": "Sala Superior",
    "suprema": "Corte Suprema",
}

WHERE_TO_PAY = (
    "En las agencias, agentes y plataformas autorizadas del Banco de la Nación (Págalo.pe, "
    "Multired virtual) o de la entidad financiera designada (art. 12). En el comprobante deben "
    "figurar el código, su DNI o RUC, el número de expediente (en blanco si el proceso aún no "
    "empieza) y el juzgado o sala donde lo presentará (art. 13)."
)

# Acts grouped the way a filer thinks of them; an act added to the catalogue later and not
# listed here still appears, under "Otros".
ACT_GROUPS = (
    (
        "Demanda, pruebas y conclusión del proceso",
        ("ofrecimiento_pruebas", "oposicion_tacha", "conclusion_especial", "poder_por_acta"),
    ),
    (
        "Recursos y nulidades",
        (
            "apelacion_auto",
            "apelacion_sentencia",
            "casacion",
            "recurso_nulidad",
            "queja",
            "nulidad_actos",
        ),
    ),
    ("Medidas cautelares", ("medida_cautelar", "oposicion_cautelar")),
    (
        "Diligencias, exhortos y edictos",
        (
            "diligencia_fuera",
            "exhorto_distrito",
            "exhorto_otro_distrito",
            "exhorto_extranjero",
            "edicto",
        ),
    ),
    ("Ejecución, remate y laudos", ("remate", "adjudicacion_remate", "laudo_arbitral")),
    ("Copias y partes judiciales", ("copias_certificadas", "partes_judiciales")),
    ("Notificaciones", ("derecho_notificacion",)),
)

SITUATION_HINTS = {
    "auxilio_judicial": "El juez se lo concedió porque pagar el proceso pondría en riesgo su "
    "subsistencia.",
    "trabajador_o_heredero": "En procesos laborales y previsionales.",
    "ejecucion_acta_conciliacion": "Con los mismos límites que la demanda: 20 URP de pensión "
    "mensual en alimentos, 70 URP en lo laboral y previsional.",
    "zona_extrema_pobreza": "Solo personas naturales, en distritos declarados de extrema pobreza.",
    "victima_ruv": "Víctimas de la violencia de 1980 a 2000 inscritas en el registro.",
    "sistema_de_apoyos": "Personas con discapacidad que tienen apoyos designados.",
    "financiera_en_liquidacion": "Bancos, financieras y aseguradoras en disolución o liquidación.",
    "tenencia_o_visitas": "Solo la medida cautelar de un proceso de familia.",
    "ejecucion_anticipada": "Solo en procesos de familia o alimentos.",
    "amparo_contra_resolucion": "Solo en procesos constitucionales.",
    "conciliacion_del_juzgado": "Solo para las formas especiales de conclusión del proceso.",
    "exonerado_por_ley": "Cite la ley en su escrito: el juzgado la verificará.",
}


def act_groups() -> list[tuple[str, list[str]]]:
    """(heading, act keys) in the order the act question shows them."""
    listed = {key for _, keys in ACT_GROUPS for key in keys}
    groups = [(heading, [key for key in keys if key in ACTS]) for heading, keys in ACT_GROUPS]
    others = [key for key in ACTS if key not in listed]
    return groups + ([("Otros", others)] if others else [])


def per_unit(act_key: str | None) -> str | None:
    """The unit the act's arancel is priced by ("folio"), or None when it is priced once.

    Derechos de notificación are counted by the parties to notify instead (art. 35.2)."""
    act = ACTS.get(act_key or "")
    code = CODES.get(act.code) if act else None
    return code.unit if code and code.kind == ARANCEL else None


def is_notification(act_key: str | None) -> bool:
    """Whether the act is the derechos de notificación alone (art. 35)."""
    act = ACTS.get(act_key or "")
    return act is not None and act.code in CODES and CODES[act.code].kind == NOTIFICATION
