"""Uploading a CSV file to a staff import page and reading its preview's reference; the shipped
fee tables as rows, and files broken in each way an administrator's file may be."""

import csv
import io
import re
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from domain.fees import COLUMNS

IMPORT = "/personal/aranceles/importar"


def upload(client, content: bytes, name="cuadro.csv", url=IMPORT):
    """Post the file as a browser does (encoded in memory: the test client would spool a big
    body to a temporary file that it never closes)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def preview_ref(response) -> str:
    assert response.status_code == 303, response.text
    return re.search(r"ref=([^&]+)", response.headers["Location"]).group(1)


SHIPPED = Path(__file__).parents[2] / "data" / "aranceles" / "cuadro-valores.csv"


def shipped_rows(year: int) -> list[dict]:
    with open(SHIPPED, encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["year"] == str(year)]


def as_csv(rows: list[dict], columns=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def broken(change) -> bytes:
    rows = shipped_rows(2026)
    change(rows)
    return as_csv(rows)


def set_cell(index, column, value):
    def change(rows):
        rows[index][column] = value

    return change


MALFORMED = {
    "unknown code": (broken(set_cell(0, "code", "99999")), "Código desconocido: «99999»"),
    "non-numeric amount": (
        broken(set_cell(0, "amount_pen", "cincuenta")),
        "El monto no es un número: «cincuenta»",
    ),
    "overlapping brackets": (
        broken(set_cell(1, "min_urp_exclusive", "90")),
        "El tramo se superpone con B1",
    ),
    "missing bracket": (broken(lambda rows: rows.pop(2)), "Falta un tramo entre 250 y 500 URP"),
    "missing columns": (
        as_csv(shipped_rows(2026), [c for c in COLUMNS if c != "amount_pen"]),
        "Faltan columnas en la cabecera: amount_pen",
    ),
    "header only": (as_csv([]), "solo tiene la cabecera"),
}
