"""blueprints/widgets.py writes the same attributes as WTForms' own html_params, faster."""

from datetime import date

import pytest
from flask import Flask
from markupsafe import Markup
from wtforms.widgets import html_params as wtforms_html_params

from blueprints.appointments.forms import IdentityForm
from blueprints.widgets import html_params
from tests.helpers import PERSON


@pytest.mark.parametrize(
    "attributes",
    [
        {"name": "doc_number", "id": "doc_number", "type": "text", "value": "45678901"},
        {"value": "O\"Brien <b>&'", "class_": "wide", "for_": "x"},
        {"value": Markup('ya "marcado" <i>'), "data_hx_target": "#step", "aria_described_by": "a"},
        {"checked": True, "required": False, "disabled": True, "maxlength": 12, "value": None},
        {"aria-describedby": "email-hint email-error", "inputmode": "numeric", "value": ""},
        {},
    ],
)
def test_the_same_text_as_wtforms(attributes):
    ours = html_params(**attributes)
    assert ours == wtforms_html_params(**attributes) and isinstance(ours, Markup)


def test_the_identity_form_renders_as_with_wtforms_widgets():
    """Every input of the identity step, with typed data (quotes, accents), as WTForms wrote it."""
    data = PERSON | {"names": 'Ñusta "Ana" <María>', "vulnerable": True}
    data["birth_date"] = date(1990, 5, 17)
    with Flask(__name__).test_request_context():  # no database: the form alone
        form = IdentityForm(data=data, meta={"csrf": False})
        for name in ("doc_number", "names", "surnames", "birth_date", "vulnerable", "email"):
            field = form[name]
            extra = {"maxlength": 10, "aria-describedby": f"{name}-hint"}
            wtforms_widget = type(field.widget).__mro__[1]()  # the WTForms class ours extends
            assert wtforms_widget.html_params is wtforms_html_params
            expected = wtforms_widget(field, **extra)
            assert field(**extra) == expected, name
        assert 'value="Ñusta &#34;Ana&#34; &lt;María&gt;"' in form.names()
