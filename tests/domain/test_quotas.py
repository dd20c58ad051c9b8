import pytest

from domain.quotas import BY_NAME, HIGHEST, LOWEST, QUOTAS, refusal


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        ("quota_document_hour", 1, "Con este documento ya se reservaron 1 cita."),
        ("quota_document_day", 3, "Con este documento ya se reservaron 3 citas."),
        ("quota_email_hour", 1, "Ya enviamos 1 ticket a este correo."),
        ("quota_email_day", 8, "Ya enviamos 8 tickets a este correo."),
        ("quota_session_hour", 4, "Desde este navegador ya se reservaron 4 citas."),
        ("quota_address_hour", 20, "Desde esta conexión ya se reservaron muchas citas."),
    ],
)
def test_a_refusal_says_why_and_when_in_spanish(name, limit, expected):
    message = str(refusal(BY_NAME[name], limit, "las 11:00"))
    assert message.startswith(expected)
    assert "Podrá reservar otra cita desde las 11:00." in message


def test_each_key_is_counted_per_hour_and_per_day_with_defaults_a_family_fits_in():
    windows = {(q.subject, q.seconds) for q in QUOTAS}
    assert windows == {
        (s, w) for s in ("address", "session", "email", "document") for w in (3600, 86400)
    }
    for quota in QUOTAS:
        assert LOWEST <= quota.default <= HIGHEST
        assert quota.default >= (2 if quota.subject == "document" else 4)  # a family of four
