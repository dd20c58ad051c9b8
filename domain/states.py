"""State machines as data: which action moves which state, and who may do it.

A machine is a table (state, action) -> Transition(new state, roles allowed). `check` is the
one place that answers: the new state, or TransitionNotAllowed with a message in Spanish.
Writes stay compare-and-set on the state that was checked, so of two requests racing from the
same state only one moves it (models/appointments.py, the identity views).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.enums import LabelledEnum
from domain.roles import ADMIN, AS_CITIZEN, ASSIST, DESK, VERIFY


class TransitionNotAllowed(Exception):
    """An action the machine does not allow; the message says why."""


class WrongState(TransitionNotAllowed):
    """The action does not apply from the current state (it has moved on)."""


class NotPermitted(TransitionNotAllowed):
    """The action applies, but not for the roles of whoever tries it."""


@dataclass(frozen=True)
class Transition:
    to: str
    by: tuple[str, ...]  # staff roles, or CITIZEN


@dataclass(frozen=True)
class StateMachine:
    subject: str  # how messages name what changes: "la cita"
    states: type[LabelledEnum]
    table: Mapping[tuple[str, str], Transition]

    def check(self, state: str, action: LabelledEnum, roles: Iterable[str]) -> str:
        """The state `action` leads to from `state` for someone with `roles`; else raise."""
        transition = self.table.get((state, action))
        if transition is None:
            shown = self.states.label_of(state).lower()
            raise WrongState(f"No se puede {action.label} {self.subject}: está {shown}.")
        if frozenset(transition.by).isdisjoint(roles):
            raise NotPermitted(f"Su rol no le permite {action.label} {self.subject}.")
        return transition.to

    def allows(self, state: str, action: LabelledEnum, roles: Iterable[str]) -> bool:
        try:
            self.check(state, action, roles)
        except TransitionNotAllowed:
            return False
        return True


# --- appointments -----------------------------------------------------------------------


class AppointmentStatus(LabelledEnum):
    ACTIVA = "activa", "Activa"
    ANULADA = "anulada", "Anulada"
    REPROGRAMADA = "reprogramada", "Reprogramada"
    ATENDIDA = "atendida", "Atendida"
    NO_ASISTIO = "no_asistio", "No asistió"


class AppointmentAction(LabelledEnum):
    ANULAR = "anular", "anular"
    REPROGRAMAR = "reprogramar", "reprogramar"
    ATENDER = "atender", "marcar como atendida"
    MARCAR_NO_ASISTIO = "marcar_no_asistio", "marcar como «no asistió»"
    DESHACER = "deshacer", "deshacer el resultado de"
    # The court closed the day or changed the sede's hours: the place is gone.
    ANULAR_POR_LA_SEDE = "anular_por_la_sede", "anular por un cambio de la sede"


def _appointment_machine() -> StateMachine:
    status, action = AppointmentStatus, AppointmentAction
    return StateMachine(
        "la cita",
        status,
        {
            (status.ACTIVA, action.ANULAR): Transition(status.ANULADA, AS_CITIZEN),
            (status.ACTIVA, action.REPROGRAMAR): Transition(status.REPROGRAMADA, AS_CITIZEN),
            (status.ACTIVA, action.ANULAR_POR_LA_SEDE): Transition(status.ANULADA, ADMIN),
            (status.ACTIVA, action.ATENDER): Transition(status.ATENDIDA, DESK),
            (status.ACTIVA, action.MARCAR_NO_ASISTIO): Transition(status.NO_ASISTIO, DESK),
            # The clerk's corrections, the same day (domain/slots.check_can_record_outcome).
            (status.ATENDIDA, action.MARCAR_NO_ASISTIO): Transition(status.NO_ASISTIO, DESK),
            (status.NO_ASISTIO, action.ATENDER): Transition(status.ATENDIDA, DESK),
            (status.ATENDIDA, action.DESHACER): Transition(status.ACTIVA, DESK),
            (status.NO_ASISTIO, action.DESHACER): Transition(status.ACTIVA, DESK),
        },
    )


APPOINTMENT = _appointment_machine()
# Cancelled or moved, the place is given back at once; attended or not, the slot was used.
FREES_THE_PLACE = frozenset({AppointmentStatus.ANULADA, AppointmentStatus.REPROGRAMADA})
# A ticket that no longer admits anyone: no QR, no calendar entry, a void mark on the PDF.
VOID = FREES_THE_PLACE
# How the person the appointment belongs to reads each state (ticket, manage page, mails).
FOR_CITIZEN = {
    AppointmentStatus.ACTIVA: "Su cita está reservada.",
    AppointmentStatus.ANULADA: "Esta cita fue anulada. Este ticket ya no es válido.",
    AppointmentStatus.REPROGRAMADA: (
        "Esta cita se cambió a otro día u hora. Este ticket ya no es válido."
    ),
    AppointmentStatus.ATENDIDA: "Esta cita ya fue atendida.",
    AppointmentStatus.NO_ASISTIO: "Usted no asistió a esta cita.",
}
# The word stamped across a void ticket's PDF.
VOID_MARK = {AppointmentStatus.ANULADA: "ANULADO", AppointmentStatus.REPROGRAMADA: "REPROGRAMADO"}


# --- identity verification --------------------------------------------------------------


class IdentityStatus(LabelledEnum):
    """A person's identity state (User.identity_status); a request has the last three."""

    SIN_VERIFICAR = "sin_verificar", "Sin verificar"
    PENDIENTE = "pendiente", "Pendiente de confirmar"
    APROBADA = "aprobada", "Aprobada"
    RECHAZADA = "rechazada", "Rechazada"


class IdentityAction(LabelledEnum):
    ENVIAR = "enviar", "enviar"
    APROBAR = "aprobar", "aprobar"
    RECHAZAR = "rechazar", "rechazar"


def _identity_machine() -> StateMachine:
    status, action = IdentityStatus, IdentityAction
    return StateMachine(
        "la verificación de identidad",
        status,
        {
            (status.SIN_VERIFICAR, action.ENVIAR): Transition(status.PENDIENTE, AS_CITIZEN),
            (status.RECHAZADA, action.ENVIAR): Transition(status.PENDIENTE, AS_CITIZEN),
            (status.PENDIENTE, action.APROBAR): Transition(status.APROBADA, VERIFY),
            (status.PENDIENTE, action.RECHAZAR): Transition(status.RECHAZADA, VERIFY),
        },
    )


IDENTITY = _identity_machine()


# --- account recovery by personal data ----------------------------------------------------


class RecoveryStatus(LabelledEnum):
    """A request to recover an account by personal data (seed 003, b). Nothing changes in the
    account until COMPLETADA: the owner may stop it at any step before."""

    ESPERANDO_IDENTIDAD = "esperando_identidad", "Esperando la verificación de identidad"
    EN_REVISION = "en_revision", "En revisión"
    APROBADA = "aprobada", "Aprobada: falta elegir la contraseña"
    RECHAZADA = "rechazada", "Rechazada"
    DETENIDA = "detenida", "Detenida por el titular"
    ANULADA = "anulada", "Anulada"
    COMPLETADA = "completada", "Completada"


class RecoveryAction(LabelledEnum):
    ENVIAR_IDENTIDAD = "enviar_identidad", "continuar"
    APROBAR = "aprobar", "aprobar"
    RECHAZAR = "rechazar", "rechazar"
    DETENER = "detener", "detener"
    ANULAR = "anular", "anular"  # another request of the same account was completed
    COMPLETAR = "completar", "completar"


def _recovery_machine() -> StateMachine:
    status, action = RecoveryStatus, RecoveryAction
    table = {
        (status.ESPERANDO_IDENTIDAD, action.ENVIAR_IDENTIDAD): Transition(
            status.EN_REVISION, AS_CITIZEN
        ),
        (status.EN_REVISION, action.APROBAR): Transition(status.APROBADA, VERIFY),
        (status.EN_REVISION, action.RECHAZAR): Transition(status.RECHAZADA, VERIFY),
        (status.APROBADA, action.COMPLETAR): Transition(status.COMPLETADA, AS_CITIZEN),
    }
    for live in LIVE_RECOVERY:
        table[live, action.DETENER] = Transition(status.DETENIDA, AS_CITIZEN)
        table[live, action.ANULAR] = Transition(status.ANULADA, AS_CITIZEN)
    return StateMachine("la solicitud de recuperación", status, table)


# Requests still under way: their owner can stop them; none has changed the account yet.
LIVE_RECOVERY = (
    RecoveryStatus.ESPERANDO_IDENTIDAD,
    RecoveryStatus.EN_REVISION,
    RecoveryStatus.APROBADA,
)
RECOVERY = _recovery_machine()


# --- assistance tickets (seed 001) ---------------------------------------------------------


class AssistanceStatus(LabelledEnum):
    ABIERTO = "abierto", "Abierto"
    RESPONDIDO = "respondido", "Respondido"
    CERRADO = "cerrado", "Cerrado"


class AssistanceAction(LabelledEnum):
    RESPONDER = "responder", "responder"
    CERRAR = "cerrar", "cerrar"


def _assistance_machine() -> StateMachine:
    status, action = AssistanceStatus, AssistanceAction
    return StateMachine(
        "el pedido de asistencia",
        status,
        {
            (status.ABIERTO, action.RESPONDER): Transition(status.RESPONDIDO, ASSIST),
            # A second answer: a correction, or what the person asked after the first.
            (status.RESPONDIDO, action.RESPONDER): Transition(status.RESPONDIDO, ASSIST),
            # Closed without an answer too: spam, a repeat of another ticket.
            (status.ABIERTO, action.CERRAR): Transition(status.CERRADO, ASSIST),
            (status.RESPONDIDO, action.CERRAR): Transition(status.CERRADO, ASSIST),
        },
    )


# --- electronic filings (PRODUCT.md §4, seed 003) ------------------------------------------


class FilingStatus(LabelledEnum):
    PENDIENTE = "pendiente_validacion", "Pendiente de validación"
    OBSERVADO = "observado", "Observado"
    DERIVADO = "derivado", "Derivado"
    ATENDIDO = "atendido", "Atendido"
    ANULADO = "anulado", "Anulado"


class FilingAction(LabelledEnum):
    PRESENTAR = "presentar", "presentar"
    EDITAR = "editar", "modificar"
    ANULAR = "anular", "anular"
    SUBSANAR = "subsanar", "subsanar"
    OBSERVAR = "observar", "observar"
    DERIVAR = "derivar", "derivar"
    ATENDER = "atender", "atender"


def _filing_machine() -> StateMachine:
    status, action = FilingStatus, FilingAction
    return StateMachine(
        "el trámite",
        status,
        {
            # Seed 003: the filer changes or cancels it only while it awaits validation.
            (status.PENDIENTE, action.EDITAR): Transition(status.PENDIENTE, AS_CITIZEN),
            (status.PENDIENTE, action.ANULAR): Transition(status.ANULADO, AS_CITIZEN),
            (status.PENDIENTE, action.OBSERVAR): Transition(status.OBSERVADO, DESK),
            (status.PENDIENTE, action.DERIVAR): Transition(status.DERIVADO, DESK),
            (status.PENDIENTE, action.ATENDER): Transition(status.ATENDIDO, DESK),
            # The correction (subsanación) goes back to be validated again.
            (status.OBSERVADO, action.SUBSANAR): Transition(status.PENDIENTE, AS_CITIZEN),
            (status.DERIVADO, action.ATENDER): Transition(status.ATENDIDO, DESK),
        },
    )


ASSISTANCE = _assistance_machine()
FILING = _filing_machine()
# What mesa de partes does to a filing (observe, derive, attend): the first one ends the wait
# the filings report measures.
FILING_CLERK_ACTIONS = frozenset(action for (_, action), t in FILING.table.items() if t.by == DESK)
# What the filer reads about each state (detail page, public query, e-mails).
FILING_FOR_FILER = {
    FilingStatus.PENDIENTE: "Su trámite fue recibido y espera la validación de mesa de partes.",
    FilingStatus.OBSERVADO: "Mesa de partes observó su trámite: corríjalo para que siga.",
    FilingStatus.DERIVADO: "Su trámite fue validado y derivado a la dependencia.",
    FilingStatus.ATENDIDO: "Su trámite fue atendido.",
    FilingStatus.ANULADO: "Usted anuló este trámite.",
}


# --- queue tickets (the lobby's turnos) ------------------------------------------------------


class TicketStatus(LabelledEnum):
    EN_ESPERA = "en_espera", "En espera"
    LLAMADO = "llamado", "Llamado"
    ATENDIDO = "atendido", "Atendido"
    NO_SE_PRESENTO = "no_se_presento", "No se presentó"


class TicketAction(LabelledEnum):
    LLAMAR = "llamar", "llamar"
    VOLVER_A_LLAMAR = "volver_a_llamar", "volver a llamar"
    MARCAR_NO_SE_PRESENTO = "marcar_no_se_presento", "marcar como «no se presentó»"
    ATENDER = "atender", "marcar como atendido"
    TRANSFERIR = "transferir", "transferir"


def _ticket_machine() -> StateMachine:
    status, action = TicketStatus, TicketAction
    return StateMachine(
        "el turno",
        status,
        {
            (status.EN_ESPERA, action.LLAMAR): Transition(status.LLAMADO, DESK),
            (status.LLAMADO, action.VOLVER_A_LLAMAR): Transition(status.LLAMADO, DESK),
            # Only after a recall (services/queue.py checks the count): one call may go unheard.
            (status.LLAMADO, action.MARCAR_NO_SE_PRESENTO): Transition(status.NO_SE_PRESENTO, DESK),
            (status.LLAMADO, action.ATENDER): Transition(status.ATENDIDO, DESK),
            # To the queue of another service, keeping the number and the place by arrival.
            (status.LLAMADO, action.TRANSFERIR): Transition(status.EN_ESPERA, DESK),
            (status.EN_ESPERA, action.TRANSFERIR): Transition(status.EN_ESPERA, DESK),
        },
    )


QUEUE_TICKET = _ticket_machine()
