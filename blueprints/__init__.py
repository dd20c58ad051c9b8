"""The only list of blueprints."""


def register_blueprints(app):
    from blueprints import accounts, api, appointments, fees, public, staff
    from domain.roles import Role
    from domain.states import AppointmentStatus, IdentityStatus, RecoveryStatus

    accounts.init_app(app)
    # Templates name closed sets by their enums, never by the strings they store.
    app.jinja_env.globals.update(
        Role=Role,
        AppointmentStatus=AppointmentStatus,
        IdentityStatus=IdentityStatus,
        RecoveryStatus=RecoveryStatus,
    )
    for module in (public, appointments, accounts, staff, fees, api):
        app.register_blueprint(module.bp)
