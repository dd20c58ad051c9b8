"""The options of a radio question as HTML (the options() macro), remembered per worker.

The time list is the busiest page of the booking flow and its dozens of options cost more
to render than the rest of the page. Every person looking at the same day of the same
service sees the same options, so the HTML is kept, keyed on everything it shows: the
question's name and id, each option's value, label and hint, and the answer already chosen.
When a place is taken, a hint changes and so does the key: nothing stale is ever served.
"""

from functools import lru_cache

from markupsafe import Markup


def init_app(app):
    @lru_cache(maxsize=256)
    def render(name: str, id: str, options: tuple, checked, list_class: str) -> Markup:
        template = app.jinja_env.get_template("_macros/choice_list.html")
        html = template.render(
            name=name,
            id=id,
            checked=checked,
            list_class=list_class,
            choices={value: label for value, label, _ in options},
            hints={value: hint for value, _, hint in options},
        )
        return Markup(html)

    def choice_list(field, hints: dict, list_class: str = "") -> Markup:
        options = tuple(
            (value, label, hints.get(value, "")) for value, label in field.choices.items()
        )
        return render(field.name, field.id, options, field.data, list_class)

    app.jinja_env.globals["choice_list"] = choice_list
