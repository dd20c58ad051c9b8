"""The only list of blueprints."""


def register_blueprints(app):
    from blueprints import appointments, auth, public, staff

    auth.init_app(app)
    for module in (public, appointments, auth, staff):
        app.register_blueprint(module.bp)
