"""The application layer: use cases and the side effects they cause.

One module per capability holds its use cases as plain functions. Each takes the clock's
`now` and the acting user as arguments, does its writes inside one transaction and returns
what the caller needs. Pages, the CLI, the JSON API, the kiosk and background jobs all call
the same functions. Below this layer: `models/` (tables) and `domain/` (the court's rules);
above it: `blueprints/` and `cli.py`. Nothing here imports a blueprint.
"""
