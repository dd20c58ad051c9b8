"""Staff roles: the closed set stored in User.roles, and who does what."""

from domain.enums import LabelledEnum


class Role(LabelledEnum):
    """A staff role; User.roles stores the values, space-separated, in this order."""

    ADMINISTRADOR = "administrador", "Administrador"
    MESA_DE_PARTES = "mesa_de_partes", "Mesa de partes"
    VERIFICADOR = "verificador", "Verificador"
    NOTIFICADOR = "notificador", "Notificador"
    ATENCION = "atencion", "Atención al usuario"


# Who does what: the staff screens and the state machines (domain/states.py) name these groups.
ADMIN = (Role.ADMINISTRADOR,)
DESK = (Role.ADMINISTRADOR, Role.MESA_DE_PARTES)
VERIFY = (Role.VERIFICADOR, Role.ADMINISTRADOR)
ASSIST = (Role.ATENCION, Role.ADMINISTRADOR)  # the assistance desk's tickets
NOTIFY = (Role.NOTIFICADOR, Role.ADMINISTRADOR)
# The desk keeps the courts' public hearings schedule: it already serves the public.
HEARINGS = DESK

# Not a staff role: the person whose appointment or identity it is, acting on it.
CITIZEN = "ciudadano"
AS_CITIZEN = (CITIZEN,)
