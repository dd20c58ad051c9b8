"""Staff roles as a closed set, and the labelled enums that closed sets are made of."""

import pytest

from domain.roles import ADMIN, ASSIST, DESK, VERIFY, Role
from domain.states import AppointmentStatus, IdentityStatus


def test_roles_are_stored_as_the_same_words_in_the_same_order():
    assert [role.value for role in Role] == [
        "administrador",
        "mesa_de_partes",
        "verificador",
        "notificador",
        "atencion",
    ]


@pytest.mark.parametrize(
    ("group", "roles"),
    [
        (ADMIN, {"administrador"}),
        (DESK, {"administrador", "mesa_de_partes"}),
        (VERIFY, {"administrador", "verificador"}),
        (ASSIST, {"administrador", "atencion"}),
    ],
)
def test_the_administrator_is_in_every_group(group, roles):
    assert set(group) == roles


@pytest.mark.parametrize(
    ("member", "stored", "label"),
    [
        (Role.MESA_DE_PARTES, "mesa_de_partes", "Mesa de partes"),
        (AppointmentStatus.NO_ASISTIO, "no_asistio", "No asistió"),
        (IdentityStatus.PENDIENTE, "pendiente", "Pendiente de confirmar"),
    ],
)
def test_a_member_is_its_stored_string_and_carries_its_label(member, stored, label):
    assert member == stored and f"{member}" == stored and str(member) == stored
    assert type(member)(stored) is member
    assert member.label == label


def test_choices_map_stored_values_to_labels_in_order():
    assert Role.choices() == {
        "administrador": "Administrador",
        "mesa_de_partes": "Mesa de partes",
        "verificador": "Verificador",
        "notificador": "Notificador",
        "atencion": "Atención al usuario",
    }


@pytest.mark.parametrize(
    ("value", "label"), [("rechazada", "Rechazada"), ("otra_cosa", "otra_cosa"), ("", "")]
)
def test_label_of_a_stored_value_shows_an_unknown_one_as_it_is(value, label):
    assert IdentityStatus.label_of(value) == label
