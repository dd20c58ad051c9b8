"""Exemptions and reductions of the Reglamento (RA 000352-2024-CE-PJ) as a table of records.

Order of evaluation: RULES is read from the top and the FIRST rule whose conditions all hold
decides the payment; when none holds, the cuadro amount is paid in full. The table is ordered:

1. exemptions by the nature of the process (penal, art. 9.1 e) or by an express law (art. 9.1 j:
   a law outranks the Reglamento, so it also beats the exclusion of art. 9.2);
2. explicit exclusions that must beat any exemption below them (art. 9.2; note 6 of 9.1 d);
3. exemptions by the filer's person or situation (art. 9.1 a, c, d, f, g, i);
4. exemptions of one concept or kind of process (art. 9.1 b, 9.1 h, 23 c, 21 e, 20.2);
5. exemptions under a cuantía ceiling, then the 50 % reductions above it (art. 10 a, 10 b).

So an exemption always wins over a reduction, and a specific rule (20.2, for diligencias in
labour cases) over the general one (10 b). The cuantía is the amount the act is measured on,
except in alimentos: art. 10 a measures its 20 URP on the monthly amount claimed (`monthly`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.fees.catalogue import ACTS, ARANCEL, NOTIFICATION, SITUATIONS

BOTH = frozenset({ARANCEL, NOTIFICATION})
ONLY_ARANCEL = frozenset({ARANCEL})
HALF = Decimal("0.5")


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one payment."""

    kind: str  # the payment's: ARANCEL or NOTIFICATION
    act_code: str  # the cuadro code of the act, also for the derechos de notificación it needs
    process: str
    role: str
    person: str
    situations: frozenset[str]
    cuantia: Decimal | None  # soles; None = not quantifiable
    monthly: Decimal | None = None  # soles a month claimed, in alimentos (art. 10 a)


@dataclass(frozen=True)
class Rule:
    """A condition on the facts and the share of the cuadro amount that is then paid."""

    citation: str
    reason: str
    pays: Decimal  # 0: exempt; 0.5: reduced by half; 1: charged in full (an exclusion)
    kinds: frozenset[str] = BOTH
    codes: frozenset[str] | None = None  # of the act
    processes: frozenset[str] | None = None
    roles: frozenset[str] | None = None
    persons: frozenset[str] | None = None
    situations: frozenset[str] = frozenset()  # all of them must hold
    up_to_urp: Decimal | None = None  # cuantía ≤ this
    over_urp: Decimal | None = None  # cuantía > this
    under_urp: Decimal | None = None  # cuantía < this
    unquantified: bool = False  # whether a cuantía ceiling also holds when it is not quantifiable
    monthly: bool = False  # the ceiling is measured on the monthly amount claimed (art. 10 a)

    @property
    def effect(self) -> str:
        if self.pays == 0:
            return "exonerado"
        if self.pays == 1:
            return "no exonerado"
        return f"reducido {(1 - self.pays) * 100:.0f} %"

    @property
    def label(self) -> str:
        """'exonerado: art. 23 c, persona natural, cuantía < 10 URP'."""
        return f"{self.effect}: {self.citation}, {self.reason}"


def _in(allowed: frozenset[str] | None, value: str | None) -> bool:
    return allowed is None or value in allowed


def _cuantia_holds(rule: Rule, facts: Facts, urp: Decimal) -> bool:
    cuantia = facts.monthly if rule.monthly else facts.cuantia
    limits = (rule.up_to_urp, rule.over_urp, rule.under_urp)
    if all(limit is None for limit in limits):
        return True
    if cuantia is None:
        return rule.unquantified and rule.up_to_urp is not None
    return (
        (rule.up_to_urp is None or cuantia <= rule.up_to_urp * urp)
        and (rule.over_urp is None or cuantia > rule.over_urp * urp)
        and (rule.under_urp is None or cuantia < rule.under_urp * urp)
    )


def matches(rule: Rule, facts: Facts, urp: Decimal) -> bool:
    return (
        facts.kind in rule.kinds
        and _in(rule.codes, facts.act_code)
        and _in(rule.processes, facts.process)
        and _in(rule.roles, facts.role)
        and _in(rule.persons, facts.person)
        and rule.situations <= facts.situations
        and _cuantia_holds(rule, facts, urp)
    )


def deciding_rule(facts: Facts, urp: Decimal, rules: Iterable[Rule] | None = None) -> Rule | None:
    """The first rule that holds for `facts`, or None when the full amount is due."""
    return next(
        (rule for rule in (RULES if rules is None else rules) if matches(rule, facts, urp)), None
    )


def relevant_situations(
    act: str | None,
    process: str | None,
    role: str | None,
    person: str | None,
    rules: Iterable[Rule] | None = None,
) -> dict[str, list[str]]:
    """Situations some rule reads for this act (a key of ACTS), process, role and person, in
    the order of SITUATIONS, each with the citations of the rules that read it.

    Only these can change what is paid, so only these are worth asking about. Unlike
    `matches`, it looks at neither the kind of payment nor the cuantía.
    """
    code = ACTS[act].code if act in ACTS else None
    citations: dict[str, list[str]] = {}
    for rule in RULES if rules is None else rules:
        if rule.situations and _could_apply(rule, code, process, role, person):
            for key in rule.situations:
                if rule.citation not in citations.setdefault(key, []):
                    citations[key].append(rule.citation)
    return {key: citations[key] for key in SITUATIONS if key in citations}


def needs_monthly(
    act: str | None,
    process: str | None,
    role: str | None,
    person: str | None,
    situations: frozenset[str] = frozenset(),
    rules: Iterable[Rule] | None = None,
) -> bool:
    """Whether a rule that could decide this payment is measured on the monthly amount
    claimed (art. 10 a), so that amount must be asked."""
    code = ACTS[act].code if act in ACTS else None
    return any(
        rule.monthly
        and rule.situations <= situations
        and _could_apply(rule, code, process, role, person)
        for rule in (RULES if rules is None else rules)
    )


def _could_apply(
    rule: Rule, code: str | None, process: str | None, role: str | None, person: str | None
) -> bool:
    return (
        _in(rule.codes, code)
        and _in(rule.processes, process)
        and _in(rule.roles, role)
        and _in(rule.persons, person)
    )


def _set(*values: str) -> frozenset[str]:
    return frozenset(values)


LABOUR = _set("laboral", "previsional")
FOOD = _set("alimentos")
CONCILIATION_RECORD = _set("ejecucion_acta_conciliacion")
CAUTELAR = _set("08222")
TWENTY, SEVENTY = Decimal(20), Decimal(70)

RULES: tuple[Rule, ...] = (
    # 1. By the nature of the process.
    Rule("art. 9.1 e", "proceso penal (no querella)", Decimal(0), processes=_set("penal")),
    Rule(
        "art. 9.1 j",
        "exoneración dispuesta expresamente por una ley",
        Decimal(0),
        situations=_set("exonerado_por_ley"),
    ),
    # 2. Exclusions.
    Rule(
        "art. 9.2",
        "empresa del Estado (FONAFE, regional o municipal)",
        Decimal(1),
        persons=_set("empresa_estatal"),
    ),
    Rule(
        "art. 9.1 d, nota 6",
        "amparo contra resolución judicial, laudo o proceso parlamentario "
        "de persona jurídica con fines de lucro",
        Decimal(1),
        processes=_set("constitucional"),
        persons=_set("juridica"),
        situations=_set("amparo_contra_resolucion"),
    ),
    # 3. By person or situation.
    Rule(
        "art. 9.1 d",
        "demandante en proceso constitucional",
        Decimal(0),
        processes=_set("constitucional"),
        roles=_set("demandante"),
    ),
    Rule(
        "art. 9.1 a (TUO LOPJ art. 24)",
        "auxilio judicial",
        Decimal(0),
        situations=_set("auxilio_judicial"),
    ),
    Rule(
        "art. 9.1 a (TUO LOPJ art. 24)",
        "persona natural en zona de extrema pobreza",
        Decimal(0),
        persons=_set("natural"),
        situations=_set("zona_extrema_pobreza"),
    ),
    Rule(
        "art. 9.1 f",
        "inscrito en el Registro Único de Víctimas",
        Decimal(0),
        situations=_set("victima_ruv"),
    ),
    Rule(
        "art. 9.1 g",
        "sistema de apoyos y salvaguardias",
        Decimal(0),
        situations=_set("sistema_de_apoyos"),
    ),
    Rule(
        "art. 9.1 i",
        "empresa del sistema financiero en liquidación",
        Decimal(0),
        situations=_set("financiera_en_liquidacion"),
    ),
    Rule(
        "art. 9.1 c",
        "demandante en filiación extramatrimonial",
        Decimal(0),
        processes=_set("filiacion"),
        roles=_set("demandante"),
    ),
    # 4. One concept or kind of process. The execution of a conciliation record is exempt
    # within the limits of art. 10 (9.1 b): the same ceilings and halves as in group 5.
    Rule(
        "art. 9.1 b y 10 a",
        "ejecución de acta de conciliación extrajudicial de alimentos, "
        "pensión mensual reclamada ≤ 20 URP",
        Decimal(0),
        processes=FOOD,
        situations=CONCILIATION_RECORD,
        up_to_urp=TWENTY,
        monthly=True,
    ),
    Rule(
        "art. 9.1 b y 10 a",
        "ejecución de acta de conciliación extrajudicial de alimentos, "
        "pensión mensual reclamada > 20 URP",
        HALF,
        kinds=ONLY_ARANCEL,
        processes=FOOD,
        situations=CONCILIATION_RECORD,
        over_urp=TWENTY,
        monthly=True,
    ),
    Rule(
        "art. 9.1 b y 10 b",
        "ejecución de acta de conciliación extrajudicial laboral o previsional, petitorio ≤ 70 URP",
        Decimal(0),
        processes=LABOUR,
        situations=CONCILIATION_RECORD,
        up_to_urp=SEVENTY,
        unquantified=True,
    ),
    Rule(
        "art. 9.1 b y 10 b",
        "ejecución de acta de conciliación extrajudicial laboral o previsional, petitorio > 70 URP",
        HALF,
        kinds=ONLY_ARANCEL,
        processes=LABOUR,
        situations=CONCILIATION_RECORD,
        over_urp=SEVENTY,
    ),
    Rule(
        "art. 9.1 b",
        "medida cautelar en tenencia o régimen de visitas",
        Decimal(0),
        codes=CAUTELAR,
        processes=_set("familia"),
        situations=_set("tenencia_o_visitas"),
    ),
    Rule(
        "art. 9.1 h",
        "ejecución anticipada en asunto de familia o menores",
        Decimal(0),
        kinds=ONLY_ARANCEL,
        codes=CAUTELAR,
        processes=_set("familia", "alimentos"),
        situations=_set("ejecucion_anticipada"),
    ),
    Rule(
        "art. 23 c",
        "persona natural, cuantía < 10 URP",
        Decimal(0),
        kinds=ONLY_ARANCEL,
        codes=CAUTELAR,
        persons=_set("natural"),
        under_urp=Decimal(10),
    ),
    Rule(
        "art. 21 e",
        "conclusión por conciliación propuesta por el juzgado o por abandono",
        Decimal(0),
        kinds=ONLY_ARANCEL,
        codes=_set("08168"),
        situations=_set("conciliacion_del_juzgado"),
    ),
    Rule(
        "art. 20.2",
        "demandante en proceso laboral o previsional, cuantía ≤ 70 URP",
        Decimal(0),
        kinds=ONLY_ARANCEL,
        codes=_set("07978"),
        processes=LABOUR,
        roles=_set("demandante"),
        up_to_urp=SEVENTY,
        unquantified=True,
    ),
    Rule(
        "art. 20.2",
        "demandante en proceso laboral o previsional, cuantía > 70 URP",
        HALF,
        kinds=ONLY_ARANCEL,
        codes=_set("07978"),
        processes=LABOUR,
        roles=_set("demandante"),
        over_urp=SEVENTY,
    ),
    # 5. Cuantía ceilings, then halves.
    Rule(
        "art. 9.1 a y 10 b (TUO LOPJ art. 24 i)",
        "trabajador o heredero, petitorio ≤ 70 URP",
        Decimal(0),
        processes=LABOUR,
        situations=_set("trabajador_o_heredero"),
        up_to_urp=SEVENTY,
        unquantified=True,
    ),
    Rule(
        "art. 10 b",
        "trabajador o heredero, petitorio > 70 URP",
        HALF,
        kinds=ONLY_ARANCEL,
        processes=LABOUR,
        situations=_set("trabajador_o_heredero"),
        over_urp=SEVENTY,
    ),
    Rule(
        "art. 9.1 a y 10 a (TUO LOPJ art. 24 b)",
        "demandante de alimentos, pensión mensual reclamada ≤ 20 URP",
        Decimal(0),
        processes=FOOD,
        roles=_set("demandante"),
        up_to_urp=TWENTY,
        monthly=True,
    ),
    Rule(
        "art. 10 a",
        "demandante de alimentos, pensión mensual reclamada > 20 URP",
        HALF,
        kinds=ONLY_ARANCEL,
        processes=FOOD,
        roles=_set("demandante"),
        over_urp=TWENTY,
        monthly=True,
    ),
)

REDUCTIONS = tuple(sorted({rule.pays for rule in RULES if 0 < rule.pays < 1}))
