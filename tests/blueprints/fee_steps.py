"""The fee calculator walked as a browser without JavaScript: the civil example's answers,
what a person types at each step, and reading the total."""

import re
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup

CIVIL = {
    "act": "ofrecimiento_pruebas",
    "process": "civil",
    "role": "demandante",
    "person": "natural",
    "cuantia": "60000",
    "situations": "",
    "parties": "1",
    "instance": "especializado",
    "day": "2026-03-02",
}
# What a person types or ticks at each step (keys: the form's input names).
ANSWERS = {
    "acto": lambda a: {"act": a["act"]},
    "proceso": lambda a: {"process": a["process"]},
    "rol": lambda a: {"role": a["role"], "filers": a.get("filers", "")},
    "persona": lambda a: {"person": a["person"]},
    "cuantia": lambda a: {"cuantia": a["cuantia"]} if a["cuantia"] else {"unquantified": "y"},
    "folios": lambda a: {"quantity": a["quantity"]},
    "situaciones": lambda a: {"situations": [s for s in a["situations"].split(",") if s]},
    "pension": lambda a: {"monthly": a["monthly"]},
    "notificacion": lambda a: {"parties": a["parties"], "instance": a["instance"]},
    "fecha": lambda a: {"day": a["day"]},
}


def url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def submit(client, page_text: str, typed: dict, headers=None):
    """Send the step's form as a browser does: its hidden inputs plus what was typed."""
    form = BeautifulSoup(page_text, "html.parser").select_one("#step form")
    assert form["method"] == "get" and form["action"] == form["hx-get"]
    fields = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
    for name, value in typed.items():
        fields += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return client.get(url(form["action"]) + "?" + urlencode(fields), headers=headers)


def walk(client, answers: dict, until: str | None = None):
    """From the first question to the result (or to the step `until`), without JavaScript."""
    response = client.get("/aranceles/acto")
    while True:
        slug = urlsplit(response.request.url).path.rsplit("/", 1)[-1]
        if slug == until or slug == "resultado":
            return response
        assert response.status_code == 200, response.text
        response = submit(client, response.text, ANSWERS[slug](answers))
        assert response.status_code == 303, (slug, response.text)
        response = client.get(response.headers["Location"])


def total(response) -> str:
    return re.search(r"Total a pagar: (S/\s[\d,.]+)", response.text).group(1)
