"""What a court's country decides, and the codes an administrator may type."""

import zoneinfo

import pytest

from domain.court_profile import (
    COUNTRIES,
    TIMEZONES,
    decides,
    dependencia_code_problem,
    slug_problem,
)


@pytest.mark.parametrize(
    ("country", "words"),
    [
        ("PE", ("DNI", "Carné de Extranjería", "Perú", "soles", "aranceles judiciales")),
        ("GT", ("CUI del DPI", "Guatemala", "quetzales")),
    ],
)
def test_the_country_decides_documents_holidays_currency_and_fees(country, words):
    sentence = decides(country)
    assert all(word in sentence for word in words), sentence


def test_every_offered_time_zone_exists_and_each_country_offers_its_own_first():
    for zone in TIMEZONES:
        zoneinfo.ZoneInfo(zone)
    assert [COUNTRIES[c].timezone for c in ("PE", "GT")] == list(TIMEZONES[:2])


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("alzamora", True),
        ("sede-2", True),
        ("a", True),
        ("x" * 30, True),
        ("x" * 31, False),
        ("Sede", False),
        ("sede central", False),
        ("-sede", False),
        ("sede-", False),
        ("piérola", False),
        ("", False),
    ],
)
def test_sede_and_service_codes(code, ok):
    assert (slug_problem(code) is None) is ok


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("1JCL", True),
        ("2-SALA", True),
        ("J.P.L.", True),
        ("1jcl", False),
        ("1 JCL", False),
        ("-1JCL", False),
        ("A" * 20, True),
        ("A" * 21, False),
    ],
)
def test_dependencia_codes(code, ok):
    assert (dependencia_code_problem(code) is None) is ok
