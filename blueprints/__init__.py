"""The only list of blueprints."""


def register_blueprints(app):
    from blueprints import accounts, appointments, public, staff

    accounts.init_app(app)
    for module in (public, appointments, accounts, staff):
        app.register_blueprint(module.bp)
