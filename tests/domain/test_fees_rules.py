from decimal import Decimal as D

import pytest

from domain.fees import Rule, needs_monthly, relevant_situations

EVERYONE = ["auxilio_judicial", "victima_ruv", "sistema_de_apoyos", "financiera_en_liquidacion"]
NATURAL = ["auxilio_judicial", "zona_extrema_pobreza", *EVERYONE[1:]]
LAW = ["exonerado_por_ley"]  # art. 9.1 j: any payment, any filer
RECORD = "ejecucion_acta_conciliacion"  # art. 9.1 b: alimentos, laboral, previsional


def asked(act="ofrecimiento_pruebas", process="civil", role="demandante", person="natural"):
    return list(relevant_situations(act, process, role, person))


@pytest.mark.parametrize(
    ("answers", "situations"),
    [
        ({}, NATURAL + LAW),
        ({"person": "juridica"}, EVERYONE + LAW),  # extreme poverty: natural persons only
        (
            {"process": "laboral"},
            NATURAL[:1] + ["trabajador_o_heredero", RECORD] + NATURAL[1:] + LAW,
        ),
        (
            {"act": "medida_cautelar", "process": "familia"},
            [*NATURAL, "tenencia_o_visitas", "ejecucion_anticipada", *LAW],
        ),
        ({"process": "familia"}, NATURAL + LAW),  # those two are about the medida cautelar only
        (
            {"act": "medida_cautelar", "process": "alimentos"},
            [NATURAL[0], RECORD, *NATURAL[1:], "ejecucion_anticipada", *LAW],
        ),
        ({"process": "alimentos", "role": "demandado"}, [NATURAL[0], RECORD, *NATURAL[1:], *LAW]),
        ({"act": "conclusion_especial"}, [*NATURAL, "conciliacion_del_juzgado", *LAW]),
        (
            {"process": "constitucional", "role": "demandado", "person": "juridica"},
            [*EVERYONE, "amparo_contra_resolucion", *LAW],
        ),
        ({"process": "constitucional", "role": "demandado"}, NATURAL + LAW),
        ({"act": "no_such_act", "process": "familia"}, NATURAL + LAW),  # no code: no code's rule
        ({"act": None, "process": None, "role": None, "person": None}, EVERYONE + LAW),
    ],
)
def test_only_the_situations_a_rule_reads_for_the_answers_are_asked(answers, situations):
    assert asked(**answers) == situations


def test_each_situation_comes_with_the_citations_of_the_rules_that_read_it():
    cited = relevant_situations("ofrecimiento_pruebas", "laboral", "demandante", "natural")
    assert cited["trabajador_o_heredero"] == ["art. 9.1 a y 10 b (TUO LOPJ art. 24 i)", "art. 10 b"]
    assert cited["victima_ruv"] == ["art. 9.1 f"]


def rule(citation, **conditions):
    return Rule(citation, "a reason", D(0), **conditions)


def test_a_role_a_rule_names_is_required_and_a_citation_is_given_once():
    table = (
        rule("art. 1", situations=frozenset({"victima_ruv"}), roles=frozenset({"tercero"})),
        rule("art. 2", situations=frozenset({"auxilio_judicial"})),
        rule("art. 2", situations=frozenset({"auxilio_judicial", "victima_ruv"})),
        rule("art. 3"),  # reads no situation
    )
    assert relevant_situations("queja", "civil", "tercero", "natural", table) == {
        "auxilio_judicial": ["art. 2"],
        "victima_ruv": ["art. 1", "art. 2"],
    }
    assert relevant_situations("queja", "civil", "demandante", "natural", table[:1]) == {}


@pytest.mark.parametrize(
    ("answers", "needed"),
    [
        ({"process": "alimentos"}, True),  # the demandante's 20 URP are monthly (art. 10 a)
        ({"process": "alimentos", "role": "demandado"}, False),
        ({"process": "alimentos", "role": "demandado", "situations": {RECORD}}, True),  # 9.1 b
        ({"process": "laboral", "situations": {RECORD}}, False),  # 70 URP of the petitorio
        ({"process": "civil"}, False),
    ],
)
def test_the_monthly_amount_is_asked_only_where_a_rule_measures_on_it(answers, needed):
    answers = {"act": "ofrecimiento_pruebas", "role": "demandante", "person": "natural"} | answers
    answers["situations"] = frozenset(answers.get("situations", ()))
    assert needs_monthly(**answers) is needed
