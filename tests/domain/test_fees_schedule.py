import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.fees import (
    NoSchedule,
    Status,
    UnknownConcept,
    parse_schedules,
    read_csv,
    rows_to_csv,
    schedule_as_dict,
    schedule_for,
    shipped_rows,
    urp_of,
)
from domain.fees.csv_import import COLUMNS
from domain.fees.schedule import rounding_for

SHIPPED = Path(__file__).parents[2] / "data" / "aranceles" / "cuadro-valores.csv"
TEXT = SHIPPED.read_text(encoding="utf-8")
SCHEDULES = parse_schedules(TEXT).schedules

CONTENCIOSO_BOUNDS = [100, 250, 500, 750, 1250, 2000, 3000, 3500, 4500]
SOLICITUD_BOUNDS = [100, 200, 300, 600, 1000, 2000, 3000, 3500]


def test_the_shipped_table_loads_clean_with_2024_2025_and_2026():
    result = parse_schedules(TEXT)
    assert result.ok, [row.errors for row in result.rows if row.errors][:3]
    assert {2024, 2025, 2026} <= set(result.schedules)


@pytest.mark.parametrize(
    ("year", "uit", "urp"), [(2024, 5150, 515), (2025, 5350, 535), (2026, 5500, 550)]
)
def test_urp_is_ten_percent_of_the_uit(year, uit, urp):
    assert urp_of(D(uit)) == D(urp)
    assert SCHEDULES[year].urp == D(urp) and SCHEDULES[year].uit == D(uit)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_years_not_read_from_the_official_annex_are_referential(year):
    assert SCHEDULES[year].referential


def test_a_year_read_from_the_official_cuadro_is_not_referential():
    assert not SCHEDULES[2014].referential


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_year_prices_the_same_nineteen_codes(year):
    assert len(SCHEDULES[year].concepts) == 19


@pytest.mark.parametrize(
    ("code", "bounds", "ids"),
    [
        ("07900", CONTENCIOSO_BOUNDS, [f"B{n}" for n in range(1, 11)]),
        ("08222", SOLICITUD_BOUNDS, [f"S{n}" for n in range(1, 10)]),
    ],
)
@pytest.mark.parametrize("year", [2024, 2026])
def test_each_bound_belongs_to_the_lower_bracket_and_a_centimo_more_to_the_next(
    code, bounds, ids, year
):
    schedule = SCHEDULES[year]
    concept = schedule.concept(code)
    for n, bound in enumerate(bounds):
        at = D(bound) * schedule.urp
        assert concept.tier_for(at, schedule.urp).bracket.id == ids[n]
        assert concept.tier_for(at + D("0.01"), schedule.urp).bracket.id == ids[n + 1]


@pytest.mark.parametrize("cuantia", [None, D(0), D("0.01")])
def test_indeterminable_and_tiny_cuantias_fall_in_the_first_bracket(cuantia):
    schedule = SCHEDULES[2025]
    assert schedule.concept("07935").tier_for(cuantia, schedule.urp).bracket.id == "B1"


@pytest.mark.parametrize(
    ("year", "urp", "fraction", "amount"),
    [
        (2024, "515", "0.625", "321.80"),  # 321.875 truncated, not rounded up
        (2024, "515", "1.125", "579.30"),
        (2024, "515", "0.15", "77.20"),
        (2025, "535", "0.25", "133.70"),  # the published 2025 queja
        (2026, "550", "0.375", "206.20"),
        (2026, "550", "8.70", "4785.00"),
        (2015, "385", "0.15", "57.75"),  # the 2015 cuadro printed exact céntimos
        (2014, "380", "0.11", "41.80"),
    ],
)
def test_each_year_rounds_urp_fractions_its_own_way(year, urp, fraction, amount):
    assert rounding_for(year).apply(D(urp) * D(fraction)) == D(amount)


@pytest.mark.parametrize(
    ("year", "code", "bracket", "amount", "status"),
    [
        (2024, "07935", "B4", "515.00", Status.SECONDARY),
        (2024, "08222", "S4", "2360.00", Status.SECONDARY),  # the anomaly, as read
        (2025, "07943", "B1", "133.70", Status.SECONDARY),  # read in the press
        (2025, "07951", "B7", "4654.50", Status.COMPUTED),
        (2025, "07439", "B10", "139.10", Status.COMPUTED),
        (2025, "08222", "S4", "2360.00", Status.COMPUTED),  # carried over, no fraction known
        (2026, "07943", "B2", "206.20", Status.COMPUTED),
        (2026, "08223", "S9", "11000.00", Status.COMPUTED),
        (2014, "07951", "B7", "3325.00", Status.OFFICIAL),
    ],
)
def test_figures_match_the_reference_notes(year, code, bracket, amount, status):
    schedule = SCHEDULES[year]
    tier = next(t for t in schedule.concept(code).tiers if t.bracket.id == bracket)
    assert (tier.figure.amount, tier.figure.status) == (D(amount), status)
    assert tier.figure.source


@pytest.mark.parametrize(
    ("year", "code", "amount", "unit"),
    [
        (2024, "09970", "5.30", "derecho"),
        (2026, "09970", "5.30", "derecho"),  # carried over: not a URP multiple
        (2024, "07447", "5.10", "folio"),
        (2026, "07447", "5.50", "folio"),
        (2026, "08214-02", "110.00", None),
        (2025, "07375", "32.00", None),
    ],
)
def test_flat_and_per_unit_concepts(year, code, amount, unit):
    concept = SCHEDULES[year].concept(code)
    assert concept.flat and concept.unit == unit
    assert concept.tiers[0].figure.amount == D(amount)


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 12, 31), 2025), (date(2026, 1, 1), 2026), (date(2024, 6, 30), 2024)],
)
def test_the_date_picks_the_table_of_its_year(day, year):
    assert schedule_for(SCHEDULES, day).year == year


def test_a_year_without_table_says_so():
    with pytest.raises(NoSchedule, match="2027"):
        schedule_for(SCHEDULES, date(2027, 1, 4))


def test_an_old_table_without_a_concept_says_so():
    with pytest.raises(UnknownConcept, match="2015.*08222"):
        SCHEDULES[2015].concept("08222")


def test_the_shipped_file_is_the_read_rows_plus_what_derive_computes():
    rows, _ = read_csv(TEXT, COLUMNS)
    read = [row.values for row in rows if row.values["evidence"] != "computed"]
    assert rows_to_csv(shipped_rows(read)) == TEXT


def test_a_whole_year_serializes_to_json():
    data = json.loads(json.dumps(schedule_as_dict(SCHEDULES[2026])))
    assert data["urp"] == "550.00" and data["referential"] is True
    first = data["concepts"][0]["tiers"][0]
    assert first["bracket"] == "B1" and first["amount"] == "55.00"


@given(
    year=st.sampled_from([2024, 2025, 2026]),
    code=st.sampled_from(sorted(c.code for c in SCHEDULES[2026].concepts)),
    cents=st.tuples(st.integers(0, 10**10), st.integers(0, 10**10)).map(sorted),
)
def test_the_table_amount_never_decreases_with_the_cuantia(year, code, cents):
    schedule = SCHEDULES[year]
    concept = schedule.concept(code)
    low, high = (concept.tier_for(D(c) / 100, schedule.urp).figure.amount for c in cents)
    assert 0 <= low <= high
