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
    def render(name: str, id: str, choices: tuple, hints: tuple, checked, list_class: str):
        template = app.jinja_env.get_template("_macros/choice_list.html")
        html = template.render(
            name=name,
            id=id,
            checked=checked,
            list_class=list_class,
            choices=dict(choices),
            hints=dict(hints),
        )
        return Markup(html)

    def choice_list(field, hints: dict, list_class: str = "") -> Markup:
        # The key as tuples of the dicts' items: built in C, not an option at a time.
        choices, hints = tuple(field.choices.items()), tuple(hints.items())
        return render(field.name, field.id, choices, hints, field.data, list_class)

    app.jinja_env.globals["choice_list"] = choice_list
