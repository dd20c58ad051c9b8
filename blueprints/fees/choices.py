"""How the calculator's pages word the choices and answers: act hints, the situations that can
matter with the articles that read them, the result's summary.

The words only: which situation can matter is decided by the domain (its RULES table), never
here. The act groups and situation hints the kiosk shows too live in domain.fees.catalogue.
"""

from domain.clock import long_date
from domain.fees import (
    ACTS,
    CODES,
    INSTANCES,
    PERSONS,
    PROCESSES,
    ROLES,
    SITUATION_HINTS,
    SITUATIONS,
    FeeRequest,
    money,
    per_unit,
)
from domain.fees import relevant_situations as situation_citations
from domain.words import count


def act_hint(key: str) -> str:
    act = ACTS[key]
    unit = CODES[act.code].unit if act.code in CODES else None
    per = f", por {unit}" if unit else ""
    return f"Código {act.code} · {act.citation}{per}"


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
    together = f" · {count(asked.filers, 'titular')} (art. 7.2)" if asked.filers > 1 else ""
    monthly = money(asked.monthly) if asked.monthly is not None else "No se indicó"
    return {
        "acto": ACTS[asked.act].label,
        "proceso": PROCESSES[asked.process],
        "rol": ROLES[asked.role] + together,
        "persona": PERSONS[asked.person],
        "cuantia": cuantia,
        "folios": count(asked.quantity, per_unit(asked.act) or "unidad"),
        "situaciones": "; ".join(chosen) or "Ninguna",
        "pension": monthly,
        "notificacion": f"{count(parties, 'parte')} a notificar · {INSTANCES[asked.instance]}",
        "fecha": long_date(asked.day),
    }
