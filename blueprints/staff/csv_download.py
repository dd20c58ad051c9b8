"""A CSV download that a spreadsheet opens safely: UTF-8 with a BOM, and no typed text that
Excel or LibreOffice would run as a formula (=, +, -, @, tab, carriage return first)."""

import csv
import io

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Numbers as they are (a negative one is not a formula); None empty; text defused."""
    if value is None:
        return ""
    if isinstance(value, int | float) or not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_response(filename: str, header, rows) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read the accents as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "no-store"
    return response
