"""What the audit log records: every action, once, with the words the administrator reads.

The log stores the value (stable, searchable, in the CSV export); the screen shows the label.
A use case names the action when it calls services.audit.log; an action not listed here is a
mistake that tests/services/test_audit_actions.py catches.
"""

from domain.enums import LabelledEnum


class AuditAction(LabelledEnum):
    # Accounts and signing in
    REGISTRO = "registro", "Cuenta creada"
    REGISTRO_REPETIDO = "registro_repetido", "Registro con un correo que ya tenía cuenta"
    CORREO_CONFIRMADO = "correo_confirmado", "Correo confirmado"
    INGRESO = "ingreso", "Ingreso"
    INGRESO_FALLIDO = "ingreso_fallido", "Ingreso fallido"
    BLOQUEO = "bloqueo", "Ingreso bloqueado por intentos fallidos"
    SALIDA = "salida", "Salida"
    SALIDA_DE_TODOS = "salida_de_todos", "Salida en todos los dispositivos"
    # The person's own data
    PERFIL = "perfil", "Datos personales cambiados"
    PERSONA_JURIDICA = "persona_juridica", "Persona jurídica registrada"
    CAMBIO_DE_CORREO_PEDIDO = "cambio_de_correo_pedido", "Cambio de correo pedido"
    CAMBIO_DE_CORREO_REPETIDO = (
        "cambio_de_correo_repetido",
        "Cambio de correo pedido a uno que ya tenía cuenta",
    )
    CAMBIO_DE_CONTRASENA = "cambio_de_contrasena", "Contraseña cambiada"
    CONTRASENA_ACTUAL_INCORRECTA = (
        "contrasena_actual_incorrecta",
        "Contraseña actual incorrecta al cambiar datos",
    )
    # Recovering an account
    RECUPERACION_PEDIDA = "recuperacion_pedida", "Código de recuperación pedido"
    CODIGO_INCORRECTO = "codigo_incorrecto", "Código de recuperación incorrecto"
    RECUPERACION = "recuperacion", "Contraseña restablecida con un código"
    RECUPERACION_POR_DATOS = "recuperacion_por_datos", "Cuenta recuperada con datos personales"
    RECUPERACION_POR_DATOS_PEDIDA = (
        "recuperacion_por_datos_pedida",
        "Recuperación con datos personales pedida",
    )
    RECUPERACION_POR_DATOS_ABIERTA = (
        "recuperacion_por_datos_abierta",
        "Solicitud de recuperación con datos personales abierta",
    )
    RECUPERACION_POR_DATOS_CORREO_EN_USO = (
        "recuperacion_por_datos_correo_en_uso",
        "Recuperación con datos personales pedida hacia un correo que ya tenía cuenta",
    )
    RECUPERACION_DETENIDA = "recuperacion_detenida", "Solicitud de recuperación detenida"
    RECUPERACION_APROBADA = "recuperacion_aprobada", "Solicitud de recuperación aprobada"
    RECUPERACION_RECHAZADA = "recuperacion_rechazada", "Solicitud de recuperación rechazada"
    RECUPERACION_POR_DATOS_FALLIDA = (
        "recuperacion_por_datos_fallida",
        "Recuperación con datos personales fallida",
    )
    # Identity
    VERIFICACION_ENVIADA = "verificacion_enviada", "Verificación de identidad enviada"
    VERIFICACION_APROBADA = "verificacion_aprobada", "Identidad verificada"
    VERIFICACION_RECHAZADA = "verificacion_rechazada", "Verificación de identidad rechazada"
    VERIFICACION_DE_RECUPERACION_ENVIADA = (
        "verificacion_de_recuperacion_enviada",
        "Verificación de identidad enviada para recuperar la cuenta",
    )
    # Appointments
    CITA_ANULADA = "cita_anulada", "Cita anulada"
    CITA_REPROGRAMADA = "cita_reprogramada", "Cita reprogramada"
    CITA_ATENDIDA = "cita_atendida", "Cita marcada como atendida"
    CITA_NO_ASISTIO = "cita_no_asistio", "Cita marcada como no asistida"
    CITA_RESULTADO_DESHECHO = "cita_resultado_deshecho", "Resultado de la cita deshecho"
    CITA_ANULADA_POR_LA_SEDE = (
        "cita_anulada_por_la_sede",
        "Cita anulada por un cambio de horario o un cierre de la sede",
    )
    # The assistance desk
    ASISTENCIA_RECIBIDA = "asistencia_recibida", "Pedido de asistencia recibido"
    ASISTENCIA_RESPONDIDA = "asistencia_respondida", "Pedido de asistencia respondido"
    ASISTENCIA_CERRADA = "asistencia_cerrada", "Pedido de asistencia cerrado"
    PLAZO_RECLAMO_CAMBIADO = "plazo_reclamo_cambiado", "Plazo para responder reclamos cambiado"
    # The public hearings schedule
    AUDIENCIA_PUBLICADA = "audiencia_publicada", "Audiencia publicada"
    AUDIENCIA_MODIFICADA = "audiencia_modificada", "Audiencia publicada modificada"
    AUDIENCIA_RETIRADA = "audiencia_retirada", "Audiencia retirada de la agenda pública"
    # Staff and settings
    PERSONAL_CREADO = "personal_creado", "Cuenta de personal creada"
    ROL_CAMBIADO = "rol_cambiado", "Roles del personal cambiados"
    PERSONAL_DESACTIVADO = "personal_desactivado", "Cuenta de personal desactivada"
    PERSONAL_REACTIVADO = "personal_reactivado", "Cuenta de personal reactivada"
    POLITICA_CAMBIADA = "politica_cambiada", "Política de contraseñas cambiada"
    CUPOS_CAMBIADOS = "cupos_cambiados", "Cupos de citas cambiados"
    MARGEN_CAMBIADO = "margen_resultado_cambiado", "Margen para marcar la asistencia cambiado"
    SEDE_CAMBIADA = "sede_cambiada", "Datos u horario de una sede cambiados"
    CIERRE_DECLARADO = "cierre_declarado", "Cierre de sede declarado"
    CIERRE_BORRADO = "cierre_borrado", "Cierre de sede borrado"
    FERIADOS_CARGADOS = "feriados_cargados", "Feriados nacionales cargados"
    AUDITORIA_EXPORTADA = "auditoria_exportada", "Registro de auditoría descargado"
    CONFIGURACION_EXPORTADA = "configuracion_exportada", "Archivo de configuración descargado"
    CONFIGURACION_IMPORTADA = "configuracion_importada", "Archivo de configuración importado"
    CORREO_REINTENTADO = "correo_reintentado", "Correo no enviado, reintentado"
    # Court set-up (the administrator's configuration screens)
    TRIBUNAL_CREADO = "tribunal_creado", "Datos del tribunal guardados por primera vez"
    TRIBUNAL_CAMBIADO = "tribunal_cambiado", "Datos del tribunal cambiados"
    SEDE_CREADA = "sede_creada", "Sede creada"
    SERVICIO_CREADO = "servicio_creado", "Trámite creado"
    SERVICIO_CAMBIADO = "servicio_cambiado", "Trámite cambiado"
    VENTANILLA_CREADA = "ventanilla_creada", "Ventanilla creada"
    VENTANILLA_CAMBIADA = "ventanilla_cambiada", "Ventanilla cambiada"
    DEPENDENCIA_CREADA = "dependencia_creada", "Dependencia creada"
    DEPENDENCIA_CAMBIADA = "dependencia_cambiada", "Dependencia cambiada"
    # The lobby's queue
    KIOSCO_CREADO = "kiosco_creado", "Terminal de kiosco creado (con su clave)"
    KIOSCO_REVOCADO = "kiosco_revocado", "Clave de un terminal de kiosco revocada"
    ORDEN_DE_LLAMADA_CAMBIADO = "orden_de_llamada_cambiado", "Orden de llamada de la cola cambiado"
    LETRAS_DE_TURNO_CAMBIADAS = "letras_de_turno_cambiadas", "Letras de los turnos de una sede"
    # Fees and receipts
    ARANCELES_IMPORTADOS = "aranceles_importados", "Cuadro de Valores importado"
    PAGOS_IMPORTADOS = "pagos_importados", "Pagos del banco importados"
    COMPROBANTE_USADO = "comprobante_usado", "Comprobante de pago registrado como usado"
    COMPROBANTE_LIBERADO = (
        "comprobante_liberado",
        "Comprobante de pago liberado al anularse su trámite",
    )
    COMPROBANTE_HABILITADO = "comprobante_habilitado", "Comprobante de pago habilitado"
    HABILITACION_EVALUADA = "habilitacion_evaluada", "Habilitación de comprobante evaluada"
    DEVOLUCION_EVALUADA = "devolucion_evaluada", "Devolución de comprobante evaluada"
    # Casilla electrónica
    NOTIFICACION_PREPARADA = "notificacion_preparada", "Notificación electrónica preparada"
    NOTIFICACION_DESCARTADA = "notificacion_descartada", "Borrador de notificación descartado"
    NOTIFICACION_EMITIDA = "notificacion_emitida", "Notificación electrónica emitida"
    NOTIFICACION_RETIRADA = (
        "notificacion_retirada",
        "Notificación retirada antes de ponerla a disposición",
    )
    NOTIFICACION_ABIERTA = "notificacion_abierta", "Notificación abierta por su destinatario"
    CONSTANCIA_DESCARGADA = "constancia_descargada", "Constancia de notificación descargada"
    PLAZO_NOTIFICACION_CAMBIADO = (
        "plazo_notificacion_cambiado",
        "Plazo de notificación tácita cambiado",
    )
    # Electronic filings
    TRAMITE_PRESENTADO = "tramite_presentado", "Trámite presentado"
    TRAMITE_MODIFICADO = "tramite_modificado", "Trámite modificado por el remitente"
    TRAMITE_ANULADO = "tramite_anulado", "Trámite anulado por el remitente"
    TRAMITE_SUBSANADO = "tramite_subsanado", "Trámite subsanado"
    TRAMITE_OBSERVADO = "tramite_observado", "Trámite observado"
    TRAMITE_DERIVADO = "tramite_derivado", "Trámite derivado"
    TRAMITE_ATENDIDO = "tramite_atendido", "Trámite atendido"
