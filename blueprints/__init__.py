"""The only list of blueprints."""


def register_blueprints(app):
    from blueprints import accounts, api, appointments, fees, public, staff

    accounts.init_app(app)
    for module in (public, appointments, accounts, staff, fees, api):
        app.register_blueprint(module.bp)
