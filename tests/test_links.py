"""Templates' url_for (blueprints/links.py): the links kept per worker are Flask's own."""

import pytest
from flask import render_template_string, url_for
from werkzeug.routing import BuildError


def test_the_assumptions_the_kept_links_rest_on_hold(app):
    assert not app.url_default_functions  # a URL default would change a link per request
    assert not app.url_map.host_matching and not app.subdomain_matching


@pytest.mark.parametrize("mount", ["", "/ventanilla"])
def test_a_kept_link_is_flasks_under_any_mount_point(app, mount):
    template = "{{ url_for('public.home') }} {{ url_for('appointments.choose_day') }}"
    for script_root in (mount, "/otra", mount):  # kept per mount point, never mixed
        with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
            expected = f"{url_for('public.home')} {url_for('appointments.choose_day')}"
            assert render_template_string(template) == expected
            assert expected.startswith(f"{script_root}/")


def test_arguments_relative_endpoints_and_unknown_ones_go_to_flask(app):
    with app.test_request_context("/citas/hora"):
        assert render_template_string("{{ url_for('.choose_day') }}") == "/citas/dia"
        link = render_template_string("{{ url_for('appointments.show_ticket', code='AB') }}")
        assert link == url_for("appointments.show_ticket", code="AB")
        with pytest.raises(BuildError):
            render_template_string("{{ url_for('no.such_endpoint') }}")


def test_outside_a_request_a_link_is_flasks_too(app):
    app.config["SERVER_NAME"] = "ventanilla.example"
    with app.app_context():
        assert render_template_string("{{ url_for('public.home') }}") == url_for("public.home")
