"""The application layer: use cases and the side effects they cause.

One module per capability holds its use cases as plain functions. Pages, the CLI, the JSON
API, the kiosk and background jobs all call the same functions. Below this layer: `models/`
(tables) and `domain/` (the court's rules); above it: `blueprints/` and `cli.py`. Nothing here
imports a blueprint or reads the request.

The shape every use case follows:

    def cancel(appointment, *, actor: Actor, now: datetime) -> bool:
        with write_transaction():                  # its writes: one transaction
            ...                                    # models do the database part, domain/ the rules
            audit.log(actor, "cita_anulada", now, subject=appointment.code)
        notify(appointment.email, "cancelled", ...)  # after the commit: a rollback sends nothing
        return True

- `now` is the UTC instant (naive, as stored). The caller reads the clock
  (`services.clock.utc_now()`); the use case never does. The court's wall-clock time, where a
  rule needs it, is `Court.current().local_time(now)`.
- `actor` is a `services.actor.Actor` (the user and the client's address; `SYSTEM` for the CLI
  and jobs); views build it with `blueprints.actor.current_actor()`.
- E-mail only through `services.notify.notify` (rendered, queued, retried, kept if it fails);
  never `mailer.send`. The audit log through `audit.log`.
- Refusals are exceptions whose message is Spanish and says what to do; the view shows it
  next to the field it is about. Results are models, booleans or small dataclasses.
- Closed sets (roles, statuses) come from `domain/roles.py` and `domain/states.py`.
"""
