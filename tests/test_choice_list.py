"""The remembered option lists of radio questions never show stale places or answers."""

from flask import render_template_string

from blueprints.appointments.forms import ChoiceForm

RADIOS = '{% from "_macros/forms.html" import radios %}{{ radios(form.choice, hints) }}'


def rendered(app, hints: dict, chosen=None) -> str:
    with app.test_request_context("/citas/hora"):
        choices = {"09:00": "09:00 a 09:20", "09:20": "09:20 a 09:40 <b>"}
        form = ChoiceForm.asking("¿A qué hora?", choices, "Elija", data={"choice": chosen})
        return render_template_string(RADIOS, form=form, hints=hints)


def test_a_taken_place_changes_the_list_at_once(app):
    before = rendered(app, {"09:00": "Quedan 2 lugares", "09:20": "Quedan 2 lugares"})
    after = rendered(app, {"09:00": "Queda 1 lugar", "09:20": "Quedan 2 lugares"})
    assert "Quedan 2 lugares" in before.split("09:20 a 09:40")[0]
    assert "Queda 1 lugar" in after and after.count("Quedan 2 lugares") == 1


def test_the_chosen_answer_is_checked_for_each_person(app):
    hints = {"09:00": "Quedan 2 lugares"}
    assert 'value="09:00" checked' in rendered(app, hints, "09:00")
    second = rendered(app, hints, "09:20")
    assert 'value="09:20" checked' in second and 'value="09:00" checked' not in second
    assert "checked" not in rendered(app, hints)


def test_labels_are_escaped_and_hints_described(app):
    html = rendered(app, {"09:00": "Quedan 2 lugares"})
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert 'aria-describedby="choice-0-hint"' in html and 'id="choice-0-hint"' in html
    assert "choice-1-hint" not in html  # no hint, no empty description
