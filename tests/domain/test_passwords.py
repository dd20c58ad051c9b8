import pytest

from domain.passwords import WeakPassword, check_password


@pytest.mark.parametrize("password", ["Clave-Segura-2026", "Lima#Tribunal9", "Ñandú-2026!"])
def test_seed_001_policy_accepts_eight_with_upper_digit_and_sign(password):
    check_password(password, "seed001")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Cl-2026", "al menos 8 caracteres"),
        ("clave-segura-2026", "mayúscula"),
        ("Clave-Segura", "número"),
        ("ClaveSegura2026", "carácter especial"),
        ("Password1!", "más usadas"),
        ("P@ssw0rd!", "más usadas"),
        ("Dragon#2024", "más usadas"),
        ("A" * 129, "hasta 128"),
    ],
)
def test_seed_001_policy_refuses_with_a_reason(password, message):
    with pytest.raises(WeakPassword, match=message):
        check_password(password, "seed001")


def test_asvs_policy_wants_length_not_composition():
    check_password("tres palabras al azar", "asvs")
    with pytest.raises(WeakPassword, match="12 caracteres"):
        check_password("Corta-2026!", "asvs")


@pytest.mark.parametrize("policy", ["seed001", "asvs"])
def test_both_policies_refuse_the_persons_own_document_or_email(policy):
    context = ("45678901", "ana.quispe@example.pe", "ana.quispe")
    for password in ("Mi-45678901-Clave", "Ana.Quispe#2026-largo"):
        with pytest.raises(WeakPassword, match="documento"):
            check_password(password, policy, context)
