"""What the API tests share: the fee calculator's civil example as the API takes it."""

from tests.blueprints.fee_steps import CIVIL as CIVIL_LINK

# The result page's link calls the amount "cuantia"; the API, "amount".
CIVIL = {("amount" if key == "cuantia" else key): value for key, value in CIVIL_LINK.items()}
