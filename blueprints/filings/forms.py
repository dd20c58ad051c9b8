"""The filing's steps: who files, the document, its files, the review; and the filer's
corrections."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from blueprints.fields import phone_digits
from domain.filings import FOLIOS_MAX, SUBJECT_MAX, DocumentType, FilerKind


class FilerForm(FlaskForm):
    filer_kind = RadioField(
        "¿Cómo presenta el documento?",
        choices=FilerKind.choices(),
        validators=[InputRequired("Elija si presenta como persona natural o jurídica")],
        invalid_choice_message="Elija una de las opciones",
    )
    contact_email = EmailField(
        "Correo de contacto",
        validators=[
            InputRequired("Escriba el correo donde recibirá la constancia"),
            Email("Escriba un correo válido, por ejemplo nombre@correo.com"),
            Length(max=120, message="El correo es demasiado largo"),
        ],
    )
    contact_phone = StringField("Celular o teléfono de contacto")

    def validate_contact_phone(self, field):
        field.data = phone_digits(field.data)


class DocumentForm(FlaskForm):
    dependencia_id = SelectField(
        "Dependencia a la que dirige el documento",
        coerce=str,
        validators=[InputRequired("Elija la dependencia")],
        validate_choice=True,
    )
    document_type = RadioField(
        "Tipo de documento",
        choices=DocumentType.choices(),
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    document_number = StringField(
        "Número del documento",
        validators=[
            InputRequired("Escriba el número del documento o SN si no tiene"),
            Length(max=40, message="El número admite hasta 40 caracteres"),
        ],
    )
    case_number = StringField(
        "Número de expediente",
        validators=[Length(max=40, message="El número de expediente es demasiado largo")],
    )
    subject = TextAreaField(
        "Asunto",
        validators=[
            InputRequired("Escriba el asunto"),
            Length(max=SUBJECT_MAX, message=f"El asunto admite hasta {SUBJECT_MAX} caracteres"),
        ],
    )


class FilesForm(FlaskForm):
    main_document = FileField("Documento principal (PDF)")
    annex = FileField("Agregar un anexo")
    folios = IntegerField(
        "Número de folios",
        validators=[
            Optional(),
            NumberRange(1, FOLIOS_MAX, f"El número de folios va de 1 a {FOLIOS_MAX}"),
        ],
    )


class ReviewForm(FlaskForm):
    privacy = BooleanField(
        "Acepto la política de privacidad: mis datos se usan solo para este trámite",
        validators=[InputRequired("Acepte la política de privacidad para presentar")],
    )


class ConfirmForm(FlaskForm):
    """A yes to a destructive action (cancel a filing); the CSRF token is all it carries."""


class CorrectionForm(FlaskForm):
    note = TextAreaField(
        "Qué corrigió",
        validators=[
            InputRequired("Explique qué corrigió"),
            Length(max=2000, message="Escriba hasta 2000 caracteres"),
        ],
    )


class EditForm(FlaskForm):
    contact_email = FilerForm.contact_email
    contact_phone = FilerForm.contact_phone
    document_number = DocumentForm.document_number
    case_number = DocumentForm.case_number
    subject = DocumentForm.subject
    folios = IntegerField(
        "Número de folios",
        validators=[
            InputRequired("Escriba el número de folios"),
            NumberRange(1, FOLIOS_MAX, f"El número de folios va de 1 a {FOLIOS_MAX}"),
        ],
    )

    def validate_contact_phone(self, field):
        field.data = phone_digits(field.data)


class ReplaceForm(FlaskForm):
    replacement = FileField("Archivo nuevo")
    understood = BooleanField(
        "Entiendo que el archivo anterior deja de ser parte del trámite",
        validators=[InputRequired("Confirme que desea reemplazar el archivo")],
    )
