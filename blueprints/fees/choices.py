"""How the calculator's choices are shown: acts in groups, situations with a short explanation.

The words only: which situation can matter is decided by the domain (its RULES table), never
here.
"""

from domain.clock import long_date
from domain.fees import (
    ACTS,
    CODES,
    INSTANCES,
    PERSONS,
    PROCESSES,
    ROLES,
    SITUATIONS,
    FeeRequest,
    money,
)
from domain.fees import relevant_situations as situation_citations

# Acts grouped the way a filer thinks of them; an act added to the catalogue later and not
# listed here still appears, under "Otros".
ACT_GROUPS = (
    ("Demanda, pruebas y conclusión del proceso",
     ("ofrecimiento_pruebas", "oposicion_tacha", "conclusion_especial", "poder_por_acta")),
    ("Recursos y nulidades",
     ("apelacion_auto", "apelacion_sentencia", "casacion", "recurso_nulidad", "queja",
      "nulidad_actos")),
    ("Medidas cautelares", ("medida_cautelar", "oposicion_cautelar")),
    ("Diligencias, exhortos y edictos",
     ("diligencia_fuera", "exhorto_distrito", "exhorto_otro_distrito", "exhorto_extranjero",
      "edicto")),
    ("Ejecución, remate y laudos", ("remate", "adjudicacion_remate", "laudo_arbitral")),
    ("Copias y partes judiciales", ("copias_certificadas", "partes_judiciales")),
)  # fmt: skip

SITUATION_HINTS = {
    "auxilio_judicial": "El juez se lo concedió porque pagar el proceso pondría en riesgo su "
    "subsistencia.",
    "trabajador_o_heredero": "En procesos laborales y previsionales.",
    "zona_extrema_pobreza": "Solo personas naturales, en distritos declarados de extrema pobreza.",
    "victima_ruv": "Víctimas de la violencia de 1980 a 2000 inscritas en el registro.",
    "sistema_de_apoyos": "Personas con discapacidad que tienen apoyos designados.",
    "financiera_en_liquidacion": "Bancos, financieras y aseguradoras en disolución o liquidación.",
    "tenencia_o_visitas": "Solo la medida cautelar de un proceso de familia.",
    "ejecucion_anticipada": "Solo en procesos de familia o alimentos.",
    "amparo_contra_resolucion": "Solo en procesos constitucionales.",
    "conciliacion_del_juzgado": "Solo para las formas especiales de conclusión del proceso.",
}


def act_groups() -> list[tuple[str, list[str]]]:
    """(heading, act keys) in the order the act question shows them."""
    listed = {key for _, keys in ACT_GROUPS for key in keys}
    groups = [(heading, [key for key in keys if key in ACTS]) for heading, keys in ACT_GROUPS]
    others = [key for key in ACTS if key not in listed]
    return groups + ([("Otros", others)] if others else [])


def act_hint(key: str) -> str:
    act = ACTS[key]
    unit = CODES[act.code].unit if act.code in CODES else None
    per = f", por {unit}" if unit else ""
    return f"Código {act.code} · {act.citation}{per}"


def per_unit(act_key: str | None) -> str | None:
    """The unit the act is priced by ("folio"), or None when it is priced once."""
    act = ACTS.get(act_key or "")
    code = CODES.get(act.code) if act else None
    return code.unit if code else None


def relevant_situations(answers: dict) -> dict[str, str]:
    """Situations some rule reads for this act, process, role and person, with the hint shown
    under each: a plain explanation and the articles that use it."""
    citations = situation_citations(
        answers.get("act"), answers.get("process"), answers.get("role"), answers.get("person")
    )
    return {
        key: f"{SITUATION_HINTS.get(key, '')} Ver {'; '.join(cited)}.".strip()
        for key, cited in citations.items()
    }


def answer_texts(asked: FeeRequest) -> dict[str, str]:
    """Each step's answer in words, for the result page's summary."""
    cuantia = money(asked.cuantia) if asked.cuantia is not None else "No cuantificable"
    chosen = [SITUATIONS[key] for key in sorted(asked.situations)]
    parties = asked.parties_to_notify
    return {
        "acto": ACTS[asked.act].label,
        "proceso": PROCESSES[asked.process],
        "rol": ROLES[asked.role],
        "persona": PERSONS[asked.person],
        "cuantia": cuantia,
        "folios": f"{asked.quantity} {per_unit(asked.act) or 'unidad'}(s)",
        "situaciones": "; ".join(chosen) or "Ninguna",
        "notificacion": f"{parties} parte{'s' if parties != 1 else ''} a notificar · "
        f"{INSTANCES[asked.instance]}",
        "fecha": long_date(asked.day),
    }
