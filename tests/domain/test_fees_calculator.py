import json
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.fees import (
    ACTS,
    PERSONS,
    PROCESSES,
    ROLES,
    SITUATIONS,
    FeeRequest,
    InvalidFeeRequest,
    NoSchedule,
    UnknownConcept,
    calculate,
    parse_schedules,
    parse_soles,
    request_from_params,
    request_params,
    result_as_dict,
)

SHIPPED = Path(__file__).parents[2] / "data" / "aranceles" / "cuadro-valores.csv"
SCHEDULES = parse_schedules(SHIPPED.read_text(encoding="utf-8")).schedules
DAY = date(2026, 3, 2)  # URP S/ 550: 10 URP = 5,500; 20 URP = 11,000; 70 URP = 38,500
BASE = FeeRequest(
    act="ofrecimiento_pruebas",
    process="civil",
    role="demandante",
    person="natural",
    cuantia=D(30000),
    day=DAY,
    parties_to_notify=1,
)


def fee(**changes):
    return calculate(replace(BASE, **changes), SCHEDULES)


def test_a_plain_civil_filing_pays_its_bracket_and_one_derecho_per_party():
    result = fee(cuantia=D(60000), parties_to_notify=3)
    arancel, notification = result.payments
    assert (arancel.code, arancel.bracket, arancel.amount) == ("07900", "B2", D("82.50"))
    assert (notification.code, notification.quantity, notification.amount) == (
        "09970",
        3,
        D("15.90"),
    )
    assert result.total == D("98.40")
    assert arancel.trail[0] == (
        "art. 18.1: Cuadro de Valores 2026, código 07900, tramo B2 «Más de 100 hasta 250 URP»: "
        "S/\u00a082.50 (calculado)"
    )
    assert arancel.trail[1] == "sin exoneración ni reducción aplicable"


def test_the_result_says_where_to_pay_until_when_and_that_values_are_referential():
    result = fee()
    assert "Banco de la Nación" in result.where_to_pay and "art. 12" in result.where_to_pay
    assert result.valid_until == date(2027, 3, 2)
    assert result.referential and (result.year, result.urp) == (2026, D("550.00"))


def test_no_parties_to_notify_means_no_derecho_de_notificacion():
    assert [p.code for p in fee(parties_to_notify=0).payments] == ["07900"]


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2024, 12, 31), "77.20"),  # 104.9 URP in 2024: B2
        (date(2025, 12, 31), "80.20"),  # 100.9 URP in 2025: B2
        (date(2026, 1, 1), "55.00"),  # 98.2 URP in 2026: B1
    ],
)
def test_the_date_picks_the_year_and_the_years_urp_picks_the_bracket(day, amount):
    assert fee(cuantia=D(54000), day=day).payments[0].amount == D(amount)


@pytest.mark.parametrize("act", sorted(key for key, act in ACTS.items() if act.rate is None))
def test_every_act_is_priced_by_its_code(act):
    parties = 1 if act == "derecho_notificacion" else 0  # derechos are counted by the parties
    payment = fee(act=act, cuantia=None, parties_to_notify=parties).payments[0]
    concept = SCHEDULES[2026].concept(ACTS[act].code)
    assert payment.code == ACTS[act].code
    assert payment.amount == concept.tiers[0].figure.amount > 0


def test_copies_are_priced_per_folio():
    payment = fee(act="copias_certificadas", quantity=12, parties_to_notify=0).payments[0]
    assert (payment.unit_amount, payment.quantity, payment.amount) == (D("5.50"), 12, D("66.00"))
    assert payment.trail[-1] == "12 folios × S/\u00a05.50 = S/\u00a066.00"


@pytest.mark.parametrize(
    ("cuantia", "amount"), [(D(300000), "3000.00"), (D("123456.78"), "1234.50")]
)
def test_the_remate_winner_pays_one_percent_of_the_appraisal(cuantia, amount):
    payment = fee(act="adjudicacion_remate", cuantia=cuantia, parties_to_notify=0).payments[0]
    assert (payment.code, payment.amount) == ("07455", D(amount))
    assert payment.trail[0].startswith("art. 27 b: 1 % de")


def test_the_remate_winner_must_give_the_appraisal():
    with pytest.raises(InvalidFeeRequest, match="valor de la tasación"):
        fee(act="adjudicacion_remate", cuantia=None)


def test_acts_carry_their_notes():
    assert "art. 22 b" in fee(act="exhorto_otro_distrito").notes[0]
    assert "art. 18.2 b" in fee(act="apelacion_auto").notes[0]
    assert fee(act="apelacion_sentencia").notes == ()


EXEMPT, FULL, NOTE = "0.00", "55.00", "5.30"
NONE = "sin exoneración ni reducción aplicable"
AUXILIO = "exonerado: art. 9.1 a (TUO LOPJ art. 24), auxilio judicial"
WORKER = {"process": "laboral", "situations": {"trabajador_o_heredero"}}
FOOD = {"process": "alimentos", "monthly": D(800)}
RECORD = {"situations": {"ejecucion_acta_conciliacion"}}
CAUTELAR = {"act": "medida_cautelar"}
AWAY = {"act": "diligencia_fuera", "process": "laboral"}
AMPARO = {"process": "constitucional", "situations": {"amparo_contra_resolucion"}}


@pytest.mark.parametrize(
    ("changes", "arancel", "rule", "notification"),
    [
        ({}, FULL, NONE, NOTE),
        ({"process": "penal"}, EXEMPT, "exonerado: art. 9.1 e", EXEMPT),
        ({"process": "querella"}, FULL, NONE, NOTE),
        ({"process": "constitucional"}, EXEMPT, "exonerado: art. 9.1 d,", EXEMPT),
        ({"process": "constitucional", "role": "demandado"}, FULL, NONE, NOTE),
        ({**AMPARO, "person": "juridica"}, FULL, "no exonerado: art. 9.1 d, nota 6", NOTE),
        (AMPARO, EXEMPT, "exonerado: art. 9.1 d,", EXEMPT),
        ({"situations": {"auxilio_judicial"}}, EXEMPT, AUXILIO, EXEMPT),
        (
            {"person": "empresa_estatal", "situations": {"auxilio_judicial"}},
            FULL,
            "no exonerado: art. 9.2",
            NOTE,
        ),
        ({"situations": {"zona_extrema_pobreza"}}, EXEMPT, "exonerado: art. 9.1 a", EXEMPT),
        ({"person": "juridica", "situations": {"zona_extrema_pobreza"}}, FULL, NONE, NOTE),
        ({"situations": {"victima_ruv"}}, EXEMPT, "exonerado: art. 9.1 f", EXEMPT),
        ({"situations": {"sistema_de_apoyos"}}, EXEMPT, "exonerado: art. 9.1 g", EXEMPT),
        (
            {"person": "juridica", "situations": {"financiera_en_liquidacion"}},
            EXEMPT,
            "exonerado: art. 9.1 i",
            EXEMPT,
        ),
        ({"process": "filiacion"}, EXEMPT, "exonerado: art. 9.1 c", EXEMPT),
        ({"process": "filiacion", "role": "demandado"}, FULL, NONE, NOTE),
        (
            {**WORKER, "cuantia": D(38500)},
            EXEMPT,
            "exonerado: art. 9.1 a y 10 b (TUO LOPJ art. 24 i)",
            EXEMPT,
        ),
        ({**WORKER, "cuantia": D("38500.01")}, "27.50", "reducido 50 %: art. 10 b", NOTE),
        (
            {**WORKER, "process": "previsional", "cuantia": D(40000)},
            "27.50",
            "reducido 50 %: art. 10 b",
            NOTE,
        ),
        ({**WORKER, "cuantia": None}, EXEMPT, "exonerado: art. 9.1 a y 10 b", EXEMPT),
        ({"process": "laboral", "role": "demandado", "person": "juridica"}, FULL, NONE, NOTE),
        # Art. 10 a: 20 URP of the *monthly* amount claimed, whatever the whole cuantía.
        ({**FOOD, "monthly": D(11000)}, EXEMPT, "exonerado: art. 9.1 a y 10 a", EXEMPT),
        (
            {**FOOD, "monthly": D(1500), "cuantia": D(300000)},
            EXEMPT,
            "exonerado: art. 9.1 a y 10 a (TUO LOPJ art. 24 b), demandante de alimentos, "
            "pensión mensual reclamada ≤ 20 URP (pensión mensual de S/\u00a01,500.00)",
            EXEMPT,
        ),
        ({**FOOD, "monthly": D("11000.01")}, "27.50", "reducido 50 %: art. 10 a", NOTE),
        (
            {**FOOD, "monthly": D("11000.01"), "cuantia": D(1000)},  # the whole is ≤ 20 URP
            "27.50",
            "reducido 50 %: art. 10 a",
            NOTE,
        ),
        ({**FOOD, "monthly": D(500), "cuantia": None}, EXEMPT, "exonerado: art. 9.1 a", EXEMPT),
        ({**FOOD, "role": "demandado"}, FULL, NONE, NOTE),
        ({**FOOD, "situations": {"auxilio_judicial"}}, EXEMPT, AUXILIO, EXEMPT),
        # Art. 9.1 b: executing a conciliation record, within the limits of art. 10.
        (
            {**FOOD, **RECORD, "role": "demandado", "monthly": D(2000)},
            EXEMPT,
            "exonerado: art. 9.1 b y 10 a, ejecución de acta de conciliación extrajudicial "
            "de alimentos",
            EXEMPT,
        ),
        (
            {**FOOD, **RECORD, "monthly": D(12000)},
            "27.50",
            "reducido 50 %: art. 9.1 b y 10 a",
            NOTE,
        ),
        (
            {**RECORD, "process": "laboral", "cuantia": D(38500)},
            EXEMPT,
            "exonerado: art. 9.1 b y 10 b, ejecución de acta de conciliación extrajudicial "
            "laboral o previsional, petitorio ≤ 70 URP",
            EXEMPT,
        ),
        (
            {**RECORD, "process": "previsional", "cuantia": D(40000)},
            "27.50",
            "reducido 50 %: art. 9.1 b y 10 b",
            NOTE,
        ),
        ({**RECORD, "cuantia": D(1000)}, FULL, NONE, NOTE),  # a civil record: no exemption
        # Art. 9.1 j: a law that exempts expressly, even a state company (art. 9.2 is lower).
        ({"situations": {"exonerado_por_ley"}}, EXEMPT, "exonerado: art. 9.1 j", EXEMPT),
        (
            {"person": "empresa_estatal", "situations": {"exonerado_por_ley"}},
            EXEMPT,
            "exonerado: art. 9.1 j, exoneración dispuesta expresamente por una ley",
            EXEMPT,
        ),
        (
            {**CAUTELAR, "cuantia": D("5499.99")},
            EXEMPT,
            "exonerado: art. 23 c, persona natural, cuantía < 10 URP",
            NOTE,
        ),
        ({**CAUTELAR, "cuantia": D(5500)}, "550.00", NONE, NOTE),
        ({**CAUTELAR, "cuantia": None}, "550.00", NONE, NOTE),
        ({**CAUTELAR, "cuantia": D(1000), "person": "juridica"}, "550.00", NONE, NOTE),
        (
            {**CAUTELAR, "process": "familia", "situations": {"ejecucion_anticipada"}},
            EXEMPT,
            "exonerado: art. 9.1 h",
            NOTE,
        ),
        (
            {**CAUTELAR, "process": "familia", "situations": {"tenencia_o_visitas"}},
            EXEMPT,
            "exonerado: art. 9.1 b",
            EXEMPT,
        ),
        ({**CAUTELAR, **FOOD, "monthly": D(12000)}, "275.00", "reducido 50 %: art. 10 a", NOTE),
        ({**AWAY, "cuantia": D(38500)}, EXEMPT, "exonerado: art. 20.2", NOTE),
        ({**AWAY, "cuantia": D("38500.01")}, "137.50", "reducido 50 %: art. 20.2", NOTE),
        ({**AWAY, "role": "demandado"}, "275.00", NONE, NOTE),
        (
            {"act": "conclusion_especial", "situations": {"conciliacion_del_juzgado"}},
            EXEMPT,
            "exonerado: art. 21 e",
            NOTE,
        ),
    ],
)
def test_exemptions_and_reductions_cite_their_article(changes, arancel, rule, notification):
    if "situations" in changes:
        changes = {**changes, "situations": frozenset(changes["situations"])}
    first, derecho = fee(**changes).payments
    assert first.amount == D(arancel)
    assert first.trail[1].startswith(rule), first.trail
    assert derecho.amount == D(notification)


def test_a_reduction_is_truncated_like_the_cuadro():
    result = fee(
        process="laboral",
        situations=frozenset({"trabajador_o_heredero"}),
        cuantia=D(300000),
        day=date(2024, 5, 6),
    )
    payment = result.payments[0]
    assert (payment.bracket, payment.amount) == ("B4", D("64.30"))  # half of 128.70
    assert payment.trail[1].endswith(": S/\u00a064.30 (truncado a S/\u00a00.10)")


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"act": "vuelo"}, "Elija el acto", "act"),
        ({"process": "marcial"}, "Elija el tipo de proceso", "process"),
        ({"role": ""}, "Elija su rol", "role"),
        ({"person": "robot"}, "Elija el tipo de persona", "person"),
        ({"instance": "tercera"}, "Elija la instancia", "instance"),
        ({"situations": frozenset({"suerte"})}, "Situación desconocida: suerte", "situations"),
        ({"cuantia": D(-1)}, "no puede ser negativa", "cuantia"),
        ({"parties_to_notify": -1}, "cuántas partes", "parties"),
        ({"quantity": 0}, "cuántos folios", "quantity"),
        ({"act": "adjudicacion_remate", "cuantia": None}, "valor de la tasación", "cuantia"),
    ],
)
def test_impossible_requests_say_what_to_fix_and_which_answer(changes, message, field):
    with pytest.raises(InvalidFeeRequest, match=message) as error:
        fee(**changes)
    assert error.value.field == field  # a key of request_params: the link's (and the API's)


def test_a_year_without_table_or_a_concept_missing_from_it_is_an_error_of_the_date():
    with pytest.raises(NoSchedule) as no_table:
        fee(day=date(2027, 1, 4))
    with pytest.raises(UnknownConcept, match="08222") as no_concept:
        fee(act="medida_cautelar", day=date(2015, 6, 1))
    assert no_table.value.field == no_concept.value.field == "day"


def test_a_request_goes_through_a_link_and_comes_back_the_same():
    request = replace(BASE, situations=frozenset({"victima_ruv", "auxilio_judicial"}), quantity=3)
    assert request_from_params(request_params(request), today=date(2000, 1, 1)) == request
    assert request_from_params({**request_params(BASE), "cuantia": ""}, DAY).cuantia is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [("S/ 51,500.00", D("51500.00")), ("51500", D(51500)), ("s/.1,234.5", D("1234.5")), ("", None)],
)
def test_cuantia_is_read_as_people_type_soles(typed, value):
    assert parse_soles(typed) == value


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cuantia": "51.500,00"}, "con punto para los céntimos"),
        ({"cuantia": "9" * 13}, "demasiadas cifras"),
        ({"day": "02/03/2026"}, "AAAA-MM-DD"),
        ({"parties": "dos"}, "el número de partes con números"),
        ({"quantity": "²"}, "el número de folios con números"),
    ],
)
def test_bad_strings_say_what_to_fix_and_which_answer(params, message):
    with pytest.raises(InvalidFeeRequest, match=message) as error:
        request_from_params({**request_params(BASE), **params}, DAY)
    assert error.value.field == next(iter(params))


def test_a_missing_date_means_today():
    params = {k: v for k, v in request_params(BASE).items() if k != "day"}
    assert request_from_params(params, today=date(2026, 5, 5)).day == date(2026, 5, 5)


def test_results_serialize_to_json():
    data = json.loads(json.dumps(result_as_dict(fee())))
    assert data["total"] == "60.30" and data["payments"][0]["status"] == "computed"


QUANTIFIED_ACTS = sorted(key for key, act in ACTS.items() if act.rate is None)


@given(
    act=st.sampled_from(QUANTIFIED_ACTS),
    process=st.sampled_from(sorted(PROCESSES)),
    role=st.sampled_from(sorted(ROLES)),
    person=st.sampled_from(sorted(PERSONS)),
    situations=st.frozensets(st.sampled_from(sorted(SITUATIONS))),
    year=st.sampled_from([2024, 2025, 2026]),
    cents=st.tuples(st.integers(0, 10**10), st.integers(0, 10**10)).map(sorted),
)
def test_the_fee_never_decreases_as_the_cuantia_grows_and_is_never_negative(
    act, process, role, person, situations, year, cents
):
    request = FeeRequest(
        act,
        process,
        role,
        person,
        None,
        date(year, 7, 1),
        situations,
        parties_to_notify=2,
        monthly=D(1500),  # what alimentos asks besides the cuantía (art. 10 a)
    )
    low, high = (calculate(replace(request, cuantia=D(c) / 100), SCHEDULES).total for c in cents)
    assert 0 <= low <= high


def test_counts_accept_only_ascii_digits_and_amounts_have_a_ceiling():
    from domain.fees import InvalidFeeRequest, parse_soles
    from domain.fees.params import _count

    for text in ("²", "١٢"):
        with pytest.raises(InvalidFeeRequest):
            _count(text, "el número de partes", 1)
    with pytest.raises(InvalidFeeRequest, match="demasiadas cifras"):
        parse_soles("9" * 40)


def test_derechos_de_notificacion_are_priced_on_their_own_one_per_party():
    result = fee(act="derecho_notificacion", cuantia=None, parties_to_notify=3)
    (derechos,) = result.payments  # no arancel, and not a second line of derechos
    assert (derechos.code, derechos.kind, derechos.quantity) == ("09970", "notificacion", 3)
    assert derechos.amount == result.total == D("15.90")
    assert derechos.trail[0].startswith("art. 35: Cuadro de Valores 2026, código 09970")
    assert derechos.trail[-1] == "3 derechos × S/\u00a05.30 = S/\u00a015.90"


@pytest.mark.parametrize(
    ("changes", "total"),
    [
        ({"process": "penal"}, "0.00"),  # art. 9.1: the exemptions cover derechos too
        ({"situations": frozenset({"exonerado_por_ley"})}, "0.00"),
        ({"person": "empresa_estatal"}, "5.30"),
    ],
)
def test_derechos_alone_follow_the_same_exemptions(changes, total):
    request = {"act": "derecho_notificacion", "parties_to_notify": 1, **changes}
    assert fee(**request).total == D(total)


def test_derechos_alone_need_a_party_to_notify():
    with pytest.raises(InvalidFeeRequest, match="1 o más") as error:
        fee(act="derecho_notificacion", parties_to_notify=0)
    assert error.value.field == "parties"


def test_several_filers_filing_together_pay_each_arancel_and_derecho_art_7_2():
    one = fee(cuantia=D(60000), parties_to_notify=2)
    three = fee(cuantia=D(60000), parties_to_notify=2, filers=3)
    for single, each in zip(one.payments, three.payments, strict=True):
        assert each.amount == single.amount * 3 and each.quantity == single.quantity * 3
        assert each.unit_amount == single.unit_amount
        assert each.trail[-1] == (
            f"art. 7.2: se paga por cada titular: 3 titulares × S/\u00a0{single.amount:,.2f} = "
            f"S/\u00a0{single.amount * 3:,.2f}"
        )
    assert three.total == one.total * 3 == D("279.30")  # (82.50 + 2 × 5.30) × 3
    assert fee(filers=1).payments[0].trail[-1] == "sin exoneración ni reducción aplicable"


def test_filers_go_through_the_link_and_are_checked():
    request = replace(BASE, filers=2, process="alimentos", monthly=D("1200.50"))
    params = request_params(request)
    assert (params["filers"], params["monthly"]) == ("2", "1200.50")
    assert request_from_params(params, DAY) == request
    assert "filers" not in request_params(BASE) and "monthly" not in request_params(BASE)
    with pytest.raises(InvalidFeeRequest, match="cuántas personas") as error:
        fee(filers=0)
    assert error.value.field == "filers"


def test_alimentos_asks_the_monthly_amount_of_the_demandante():
    with pytest.raises(InvalidFeeRequest, match="pensión mensual") as error:
        fee(process="alimentos")
    assert error.value.field == "monthly"
    assert fee(process="alimentos", role="demandado").total == D("60.30")  # not asked there


@pytest.mark.parametrize(
    "typed",
    ["١٢٥٠٠", "１２５００", "۱۲۵۰۰", "12٬500", "12 500", "12500,50", "1,2345", "১২৫০০"],
)
def test_amounts_take_only_ascii_digits_and_the_peruvian_separators(typed):
    with pytest.raises(InvalidFeeRequest, match="cifras de 0 a 9") as error:
        parse_soles(typed)
    assert error.value.field == "cuantia"
    with pytest.raises(InvalidFeeRequest) as monthly:
        request_from_params({**request_params(BASE), "monthly": typed}, DAY)
    assert monthly.value.field == "monthly"


@pytest.mark.parametrize(
    ("number", "noun", "words"),
    [
        (1, "derecho", "1 derecho"),
        (2, "derecho", "2 derechos"),
        (0, "folio", "0 folios"),
        (3, "titular", "3 titulares"),
        (2, "dígito", "2 dígitos"),
        (2, "unidad", "2 unidades"),
    ],
)
def test_counts_are_written_in_proper_plural(number, noun, words):
    from domain.words import count

    assert count(number, noun) == words
