from decimal import Decimal as D

import pytest

from domain.fees import Rule, relevant_situations

EVERYONE = ["auxilio_judicial", "victima_ruv", "sistema_de_apoyos", "financiera_en_liquidacion"]
NATURAL = ["auxilio_judicial", "zona_extrema_pobreza", *EVERYONE[1:]]


def asked(act="ofrecimiento_pruebas", process="civil", role="demandante", person="natural"):
    return list(relevant_situations(act, process, role, person))


@pytest.mark.parametrize(
    ("answers", "situations"),
    [
        ({}, NATURAL),
        ({"person": "juridica"}, EVERYONE),  # extreme poverty: natural persons only
        ({"process": "laboral"}, NATURAL[:1] + ["trabajador_o_heredero"] + NATURAL[1:]),
        (
            {"act": "medida_cautelar", "process": "familia"},
            [*NATURAL, "tenencia_o_visitas", "ejecucion_anticipada"],
        ),
        ({"process": "familia"}, NATURAL),  # those two are about the medida cautelar only
        ({"act": "medida_cautelar", "process": "alimentos"}, [*NATURAL, "ejecucion_anticipada"]),
        ({"act": "conclusion_especial"}, [*NATURAL, "conciliacion_del_juzgado"]),
        (
            {"process": "constitucional", "role": "demandado", "person": "juridica"},
            [*EVERYONE, "amparo_contra_resolucion"],
        ),
        ({"process": "constitucional", "role": "demandado"}, NATURAL),
        ({"act": "no_such_act", "process": "familia"}, NATURAL),  # no code: no code's rule
        ({"act": None, "process": None, "role": None, "person": None}, EVERYONE),
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
