"""The state machines as tables: each row is a state, an action, who tries it, and the answer."""

import itertools
from pathlib import Path

import pytest

from domain.roles import AS_CITIZEN, CITIZEN, Role
from domain.states import (
    APPOINTMENT,
    FILING,
    FILING_CLERK_ACTIONS,
    IDENTITY,
    RECOVERY,
    AppointmentAction,
    AppointmentStatus,
    FilingAction,
    FilingStatus,
    IdentityAction,
    IdentityStatus,
    NotPermitted,
    RecoveryAction,
    RecoveryStatus,
    TransitionNotAllowed,
    WrongState,
)

A, DO = AppointmentStatus, AppointmentAction
ID, DO_ID = IdentityStatus, IdentityAction
R, DO_R = RecoveryStatus, RecoveryAction
ADMIN, CLERK = (Role.ADMINISTRADOR,), (Role.MESA_DE_PARTES,)
VERIFIER, SERVER = (Role.VERIFICADOR,), (Role.NOTIFICADOR,)
EVERYONE = (*Role, CITIZEN)


@pytest.mark.parametrize(
    ("state", "action", "roles", "answer"),
    [
        (A.ACTIVA, DO.ANULAR, AS_CITIZEN, A.ANULADA),  # the citizen, by link or code
        (A.ACTIVA, DO.REPROGRAMAR, AS_CITIZEN, A.REPROGRAMADA),
        (A.ACTIVA, DO.ATENDER, CLERK, A.ATENDIDA),  # the desk
        (A.ACTIVA, DO.ATENDER, ADMIN, A.ATENDIDA),
        (A.ACTIVA, DO.MARCAR_NO_ASISTIO, CLERK, A.NO_ASISTIO),
        (A.ACTIVA, DO.MARCAR_NO_ASISTIO, (Role.NOTIFICADOR, Role.ADMINISTRADOR), A.NO_ASISTIO),
        (A.ACTIVA, DO.ATENDER, AS_CITIZEN, NotPermitted),
        (A.ACTIVA, DO.ATENDER, VERIFIER, NotPermitted),
        (A.ACTIVA, DO.MARCAR_NO_ASISTIO, SERVER, NotPermitted),
        (A.ACTIVA, DO.ANULAR, CLERK, NotPermitted),  # no desk screen cancels today
        (A.ACTIVA, DO.REPROGRAMAR, ADMIN, NotPermitted),
        (A.ACTIVA, DO.ANULAR, (), NotPermitted),
        (A.ANULADA, DO.ANULAR, AS_CITIZEN, WrongState),  # a second tap of "Anular"
        (A.REPROGRAMADA, DO.REPROGRAMAR, AS_CITIZEN, WrongState),
        # The clerk corrects a slip (the same day: domain/slots.check_can_record_outcome).
        (A.ATENDIDA, DO.MARCAR_NO_ASISTIO, CLERK, A.NO_ASISTIO),
        (A.NO_ASISTIO, DO.ATENDER, CLERK, A.ATENDIDA),
        (A.ATENDIDA, DO.DESHACER, CLERK, A.ACTIVA),
        (A.NO_ASISTIO, DO.DESHACER, ADMIN, A.ACTIVA),
        (A.NO_ASISTIO, DO.DESHACER, AS_CITIZEN, NotPermitted),
        (A.ATENDIDA, DO.ATENDER, CLERK, WrongState),
        (A.ACTIVA, DO.DESHACER, CLERK, WrongState),
        (A.ATENDIDA, DO.ANULAR, AS_CITIZEN, WrongState),
    ],
)
def test_the_appointment_machine(state, action, roles, answer):
    if isinstance(answer, type):
        with pytest.raises(answer):
            APPOINTMENT.check(state, action, roles)
        assert not APPOINTMENT.allows(state, action, roles)
    else:
        assert APPOINTMENT.check(state, action, roles) == answer
        assert APPOINTMENT.allows(state, action, roles)


@pytest.mark.parametrize(
    ("state", "action", "roles", "answer"),
    [
        (ID.SIN_VERIFICAR, DO_ID.ENVIAR, AS_CITIZEN, ID.PENDIENTE),
        (ID.RECHAZADA, DO_ID.ENVIAR, AS_CITIZEN, ID.PENDIENTE),  # resubmitting after a rejection
        (ID.PENDIENTE, DO_ID.APROBAR, VERIFIER, ID.APROBADA),
        (ID.PENDIENTE, DO_ID.RECHAZAR, VERIFIER, ID.RECHAZADA),
        (ID.PENDIENTE, DO_ID.APROBAR, ADMIN, ID.APROBADA),
        (ID.PENDIENTE, DO_ID.RECHAZAR, ADMIN, ID.RECHAZADA),
        (ID.PENDIENTE, DO_ID.APROBAR, CLERK, NotPermitted),
        (ID.PENDIENTE, DO_ID.RECHAZAR, SERVER, NotPermitted),
        (ID.PENDIENTE, DO_ID.APROBAR, AS_CITIZEN, NotPermitted),
        (ID.SIN_VERIFICAR, DO_ID.ENVIAR, VERIFIER, NotPermitted),
        (ID.PENDIENTE, DO_ID.ENVIAR, AS_CITIZEN, WrongState),  # a double tap sends once
        (ID.APROBADA, DO_ID.ENVIAR, AS_CITIZEN, WrongState),
        (ID.APROBADA, DO_ID.RECHAZAR, VERIFIER, WrongState),  # decided once, by the first
        (ID.RECHAZADA, DO_ID.APROBAR, ADMIN, WrongState),
        (ID.SIN_VERIFICAR, DO_ID.APROBAR, ADMIN, WrongState),
    ],
)
def test_the_identity_machine(state, action, roles, answer):
    if isinstance(answer, type):
        with pytest.raises(answer):
            IDENTITY.check(state, action, roles)
        assert not IDENTITY.allows(state, action, roles)
    else:
        assert IDENTITY.check(state, action, roles) == answer
        assert IDENTITY.allows(state, action, roles)


@pytest.mark.parametrize(
    ("state", "action", "roles", "answer"),
    [
        (R.ESPERANDO_IDENTIDAD, DO_R.ENVIAR_IDENTIDAD, AS_CITIZEN, R.EN_REVISION),
        (R.EN_REVISION, DO_R.APROBAR, VERIFIER, R.APROBADA),
        (R.EN_REVISION, DO_R.RECHAZAR, ADMIN, R.RECHAZADA),
        (R.APROBADA, DO_R.COMPLETAR, AS_CITIZEN, R.COMPLETADA),
        (R.ESPERANDO_IDENTIDAD, DO_R.DETENER, AS_CITIZEN, R.DETENIDA),  # the old address's link
        (R.EN_REVISION, DO_R.DETENER, AS_CITIZEN, R.DETENIDA),
        (R.APROBADA, DO_R.DETENER, AS_CITIZEN, R.DETENIDA),  # until the password is set
        (R.APROBADA, DO_R.ANULAR, AS_CITIZEN, R.ANULADA),  # another request completed
        (R.EN_REVISION, DO_R.APROBAR, CLERK, NotPermitted),
        (R.EN_REVISION, DO_R.APROBAR, AS_CITIZEN, NotPermitted),  # nobody approves themselves
        (R.ESPERANDO_IDENTIDAD, DO_R.APROBAR, VERIFIER, WrongState),  # no files yet
        (R.ESPERANDO_IDENTIDAD, DO_R.COMPLETAR, AS_CITIZEN, WrongState),  # data alone: nothing
        (R.EN_REVISION, DO_R.COMPLETAR, AS_CITIZEN, WrongState),
        (R.EN_REVISION, DO_R.ENVIAR_IDENTIDAD, AS_CITIZEN, WrongState),  # files go once
        (R.DETENIDA, DO_R.APROBAR, VERIFIER, WrongState),  # a stop wins over a late decision
        (R.DETENIDA, DO_R.DETENER, AS_CITIZEN, WrongState),  # the stop link works once
        (R.COMPLETADA, DO_R.COMPLETAR, AS_CITIZEN, WrongState),  # the password link works once
        (R.COMPLETADA, DO_R.DETENER, AS_CITIZEN, WrongState),
        (R.RECHAZADA, DO_R.COMPLETAR, AS_CITIZEN, WrongState),
    ],
)
def test_the_recovery_machine(state, action, roles, answer):
    if isinstance(answer, type):
        with pytest.raises(answer):
            RECOVERY.check(state, action, roles)
        assert not RECOVERY.allows(state, action, roles)
    else:
        assert RECOVERY.check(state, action, roles) == answer
        assert RECOVERY.allows(state, action, roles)


@pytest.mark.parametrize(
    ("state", "action"), list(itertools.product([A.ANULADA, A.REPROGRAMADA], AppointmentAction))
)
def test_a_cancelled_or_moved_appointment_never_moves_again(state, action):
    with pytest.raises(WrongState):
        APPOINTMENT.check(state, action, EVERYONE)


@pytest.mark.parametrize(
    ("machine", "state", "action", "roles", "message"),
    [
        (
            APPOINTMENT,
            A.ANULADA,
            DO.ANULAR,
            AS_CITIZEN,
            "No se puede anular la cita: está anulada.",
        ),
        (
            APPOINTMENT,
            A.ACTIVA,
            DO.ATENDER,
            AS_CITIZEN,
            "Su rol no le permite marcar como atendida la cita.",
        ),
        (
            IDENTITY,
            ID.PENDIENTE,
            DO_ID.ENVIAR,
            AS_CITIZEN,
            "No se puede enviar la verificación de identidad: está pendiente de confirmar.",
        ),
        (
            IDENTITY,
            ID.PENDIENTE,
            DO_ID.APROBAR,
            CLERK,
            "Su rol no le permite aprobar la verificación de identidad.",
        ),
        (
            RECOVERY,
            R.DETENIDA,
            DO_R.COMPLETAR,
            AS_CITIZEN,
            "No se puede completar la solicitud de recuperación: está detenida por el titular.",
        ),
        (
            IDENTITY,
            "borrada",
            DO_ID.APROBAR,
            ADMIN,  # a value no enum knows is shown as it is
            "No se puede aprobar la verificación de identidad: está borrada.",
        ),
    ],
)
def test_a_refusal_says_why_in_spanish(machine, state, action, roles, message):
    with pytest.raises(TransitionNotAllowed, match=f"^{message}$"):
        machine.check(state, action, roles)


@pytest.mark.parametrize(
    "machine", [APPOINTMENT, IDENTITY, RECOVERY], ids=["appointment", "identity", "recovery"]
)
def test_a_machine_names_only_its_own_states_and_known_actors(machine):
    for (state, _action), transition in machine.table.items():
        assert machine.states(state) and machine.states(transition.to)
        assert transition.by and set(transition.by) <= set(EVERYONE)


def test_stored_values_stay_the_strings_already_in_the_database():
    assert [s.value for s in AppointmentStatus] == [
        "activa",
        "anulada",
        "reprogramada",
        "atendida",
        "no_asistio",
    ]
    assert [s.value for s in IdentityStatus] == [
        "sin_verificar",
        "pendiente",
        "aprobada",
        "rechazada",
    ]


def test_a_new_recovery_request_starts_where_the_migration_says():
    assert RecoveryStatus.ESPERANDO_IDENTIDAD == "esperando_identidad"  # 0007's column default


F, DO_F = FilingStatus, FilingAction


@pytest.mark.parametrize(
    ("state", "action", "roles", "answer"),
    [
        (F.PENDIENTE, DO_F.EDITAR, AS_CITIZEN, F.PENDIENTE),  # seed 003: only while pending
        (F.PENDIENTE, DO_F.ANULAR, AS_CITIZEN, F.ANULADO),
        (F.PENDIENTE, DO_F.OBSERVAR, CLERK, F.OBSERVADO),
        (F.PENDIENTE, DO_F.DERIVAR, CLERK, F.DERIVADO),
        (F.PENDIENTE, DO_F.ATENDER, ADMIN, F.ATENDIDO),
        (F.OBSERVADO, DO_F.SUBSANAR, AS_CITIZEN, F.PENDIENTE),
        (F.DERIVADO, DO_F.ATENDER, CLERK, F.ATENDIDO),
        (F.PENDIENTE, DO_F.OBSERVAR, AS_CITIZEN, NotPermitted),  # a filer can't judge it
        (F.PENDIENTE, DO_F.DERIVAR, VERIFIER, NotPermitted),
        (F.PENDIENTE, DO_F.ANULAR, CLERK, NotPermitted),
        (F.OBSERVADO, DO_F.SUBSANAR, CLERK, NotPermitted),
        (F.OBSERVADO, DO_F.EDITAR, AS_CITIZEN, WrongState),
        (F.OBSERVADO, DO_F.ANULAR, AS_CITIZEN, WrongState),
        (F.DERIVADO, DO_F.EDITAR, AS_CITIZEN, WrongState),
        (F.DERIVADO, DO_F.ANULAR, AS_CITIZEN, WrongState),
        (F.ATENDIDO, DO_F.ATENDER, CLERK, WrongState),
        (F.ANULADO, DO_F.ANULAR, AS_CITIZEN, WrongState),  # a second tap
        (F.ANULADO, DO_F.DERIVAR, CLERK, WrongState),
    ],
)
def test_the_filing_machine(state, action, roles, answer):
    if isinstance(answer, type):
        with pytest.raises(answer):
            FILING.check(state, action, roles)
    else:
        assert FILING.check(state, action, roles) == answer


def test_a_new_filing_starts_where_the_migration_says():
    source = (Path(__file__).parents[2] / "migrations" / "0018_filings.py").read_text()
    assert f'status = CharField(default="{FilingStatus.PENDIENTE.value}"' in source


def test_the_clerk_actions_on_a_filing_are_the_desk_transitions():
    # The filings report measures the wait until the first of these.
    assert {FilingAction.OBSERVAR, FilingAction.DERIVAR, FilingAction.ATENDER} == set(
        FILING_CLERK_ACTIONS
    )
