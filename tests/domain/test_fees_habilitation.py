from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from domain.fees import (
    CLAUSES,
    HabilitationRequest,
    Receipt,
    UnknownClause,
    add_business_days,
    habilitation,
    habilitation_fee_required,
    refund,
)

URP = D("550.00")
DISTRICT = "Puente Piedra - Ventanilla"
UNUSED = Receipt("555", date(2026, 1, 10), D("55.00"), "07900", "45678901", DISTRICT)
CAUTELAR = Receipt("777", date(2026, 2, 2), D("550.00"), "08222", "45678901", DISTRICT, used=True)
EXHORTO = replace(CAUTELAR, concept_code="08214-02", amount=D("110.00"))
RETURNED = date(2026, 2, 20)  # a Friday
HOLY_WEEK = frozenset({date(2026, 4, 2), date(2026, 4, 3)})


def ask(receipt, clause, **changes):
    request = HabilitationRequest(clause, date(2026, 3, 2), DISTRICT, returned_on=RETURNED)
    return habilitation(receipt, replace(request, **changes), URP)


@pytest.mark.parametrize(
    ("start", "days", "holidays", "end"),
    [
        (date(2026, 2, 20), 1, (), date(2026, 2, 23)),
        (date(2026, 2, 20), 5, (), date(2026, 2, 27)),
        (date(2026, 2, 20), 30, (), date(2026, 4, 3)),
        (date(2026, 2, 20), 30, HOLY_WEEK, date(2026, 4, 7)),
    ],
)
def test_business_days_skip_weekends_and_holidays(start, days, holidays, end):
    assert add_business_days(start, days, holidays) == end


def test_an_unused_receipt_can_be_habilitated_within_a_year_of_purchase():
    answer = ask(UNUSED, "a", returned_on=None)
    assert answer.eligible and answer.citation == "art. 37 a"
    assert answer.deadline == date(2027, 1, 10)  # art. 38 a
    assert answer.amount == D("55.00") and answer.fee_required
    expired = ask(UNUSED, "a", returned_on=None, today=date(2027, 1, 11))
    assert "venció el 10/01/2027 (art. 38)" in expired.problems[0]


def test_a_used_receipt_has_thirty_business_days_from_its_return():
    answer = ask(CAUTELAR, "i")
    assert answer.eligible and answer.deadline == date(2026, 4, 3)  # art. 38 b
    late = habilitation(
        CAUTELAR,
        HabilitationRequest("i", date(2026, 4, 6), DISTRICT, returned_on=RETURNED),
        URP,
        HOLY_WEEK,
    )
    assert late.eligible and late.deadline == date(2026, 4, 7)
    assert "Indique la fecha de entrega" in ask(CAUTELAR, "i", returned_on=None).problems[0]


def test_a_denied_precautionary_measure_habilitates_half_its_value():
    answer = ask(CAUTELAR, "c")
    assert answer.eligible and answer.amount == D("275.00")
    assert answer.requires == (
        "Resolución judicial",
        "Acta o constancia de entrega del comprobante",
    )


@pytest.mark.parametrize(
    ("receipt", "clause", "changes", "ok"),
    [
        (UNUSED, "b", {"supporting_document": "45678910"}, True),
        (UNUSED, "b", {"supporting_document": "45678123"}, False),
        (UNUSED, "b", {"supporting_document": "45678901"}, False),  # nothing to correct
        (CAUTELAR, "c", {}, True),
        (replace(CAUTELAR, concept_code="07900"), "c", {}, False),
        (replace(CAUTELAR, used=False), "c", {}, False),
        (CAUTELAR, "d", {"sealed_on": date(2026, 3, 2), "certified_on": date(2026, 3, 9)}, True),
        (CAUTELAR, "d", {"sealed_on": date(2026, 3, 2), "certified_on": date(2026, 3, 10)}, False),
        (CAUTELAR, "d", {}, False),
        (EXHORTO, "e", {}, True),
        (CAUTELAR, "e", {}, False),
        (CAUTELAR, "f", {}, True),
        (UNUSED, "g", {"returned_on": None, "target_amount": D("55.00")}, True),
        (UNUSED, "g", {"returned_on": None, "target_amount": D("53.50")}, False),
        (UNUSED, "h", {"bank_certificate": True}, True),
        (UNUSED, "h", {}, False),
        (CAUTELAR, "i", {}, True),
        (UNUSED, "i", {}, False),
        (UNUSED, "j", {}, True),
        (CAUTELAR, "j", {}, True),
        (replace(UNUSED, used=True), "a", {}, False),
    ],
)
def test_each_clause_of_article_37(receipt, clause, changes, ok):
    answer = ask(receipt, clause, **changes)
    assert answer.eligible is ok, answer.problems
    assert answer.citation == f"art. 37 {clause}"


def test_a_receipt_is_habilitated_only_once():
    answer = ask(replace(UNUSED, habilitated=True), "a")
    assert answer.problems == (
        "Ya fue habilitado una vez; solo queda pedir la devolución (art. 36 g).",
    )


def test_never_to_another_judicial_district():
    answer = ask(UNUSED, "j", district="Lima Norte")
    assert answer.problems == (
        "No procede habilitar un comprobante para otro distrito judicial (art. 36 f).",
    )


@pytest.mark.parametrize(("target", "to_pay"), [("55.00", "0"), ("56.40", "0"), ("82.50", "27.50")])
def test_a_change_to_a_dearer_concept_pays_the_difference_above_one_sol_forty(target, to_pay):
    answer = ask(UNUSED, "g", returned_on=None, target_amount=D(target))
    assert answer.eligible and answer.to_pay == D(to_pay)
    assert "reintegro" in answer.notes[0]


def test_never_to_a_lower_amount():
    answer = ask(UNUSED, "g", returned_on=None, target_amount=D("53.50"))
    assert answer.problems == (
        "No procede habilitar a un monto menor que S/\u00a055.00 (art. 37 g).",
    )


@pytest.mark.parametrize(
    ("code", "amount", "required"),
    [
        ("07900", "55.00", True),
        ("07900", "27.50", False),
        ("07900", "27.60", True),
        ("09970", "53.00", False),
    ],
)
def test_the_habilitation_fee_is_for_aranceles_above_five_percent_of_the_urp(
    code, amount, required
):
    receipt = replace(UNUSED, concept_code=code, amount=D(amount))
    assert habilitation_fee_required(receipt, URP) is required


def test_an_unknown_clause_is_an_error():
    with pytest.raises(UnknownClause, match="«k»"):
        ask(UNUSED, "k")
    assert sorted(CLAUSES) == list("abcdefghij")


@pytest.mark.parametrize(
    ("amount", "commission", "net"),
    [("550.00", "11.00", "539.00"), ("53.50", "1.07", "52.43"), ("5.30", "0.11", "5.19")],
)
def test_a_refund_keeps_two_percent_for_the_bank(amount, commission, net):
    answer = refund(replace(UNUSED, amount=D(amount)), court_order=True)
    assert answer.eligible and answer.citation == "art. 39 b"
    assert (answer.commission, answer.net) == (D(commission), D(net))


def test_a_used_receipt_is_refunded_under_39_a():
    assert refund(CAUTELAR, court_order=True).citation == "art. 39 a"


def test_a_refund_needs_a_court_order():
    assert "mandato judicial" in refund(UNUSED, court_order=False).problems[0]


def test_an_improcedente_demand_does_not_refund_the_evidence_fee():
    assert not refund(UNUSED, court_order=True, demand_improcedente=True).eligible
    appeal = replace(UNUSED, concept_code="07927")
    assert refund(appeal, court_order=True, demand_improcedente=True).eligible
