"""Password recovery: the new password people choose, and whether a client is signed in."""

NEW_PASSWORD = "Otra-Clave-Nueva-77"


def signed_in(client) -> bool:
    return client.get("/cuenta/").status_code == 200
