from tests.blueprints.sede_helpers import sede_named, edit_url, form_values
from tests.helpers import HX
def test_smoke(admin):
    sede = sede_named("alzamora")
    page = admin.get(edit_url(sede))
    print(page.status_code)
    print(page.text[page.text.index('<section id="sedes"'):][:6000])
    v = form_values(page.text)
    print(v)
    r = admin.post(edit_url(sede), data=v)
    print(r.status_code, r.text[:3000] if r.status_code != 303 else r.headers["Location"])
    l = admin.get("/personal/configuracion/cierres")
    print(l.status_code, l.text[l.text.index('<section id="sedes"'):][:3000])
