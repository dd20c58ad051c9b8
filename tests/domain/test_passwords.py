import pytest

from domain.passwords import DEFAULT_POLICY, WeakPassword, check_password, problems


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


def test_every_broken_rule_is_reported_at_once():
    found = problems("ñu", "seed001")
    assert found == [
        "La contraseña debe tener al menos 8 caracteres, una letra mayúscula, un número y un "
        "carácter especial (como - o #)."
    ]
    both = problems("Password1!", "asvs")
    assert len(both) == 2 and "al menos 12" in both[0] and "más usadas" in both[1]
    with pytest.raises(WeakPassword) as refusal:
        check_password("Mi-45678901", "asvs", ("45678901",))
    assert "al menos 12 caracteres" in str(refusal.value) and "documento" in str(refusal.value)


def test_asvs_is_the_default_policy_and_allows_long_passphrases():
    assert DEFAULT_POLICY == "asvs"
    check_password("una frase de pasaje bastante larga " * 3, DEFAULT_POLICY)  # ~105 characters
    check_password("ñandú " * 21 + "xy", DEFAULT_POLICY)  # 128: the longest allowed
    with pytest.raises(WeakPassword, match="hasta 128"):
        check_password("ñandú " * 21 + "xyz", DEFAULT_POLICY)


def test_asvs_counts_repeated_spaces_as_one():
    with pytest.raises(WeakPassword, match="al menos 12"):
        check_password("lima     cusco", "asvs")  # 10 once the spaces are combined
    check_password("lima cusco puno", "asvs")
