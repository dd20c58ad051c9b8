from decimal import Decimal as D

import pytest

from domain.fees import Status, parse_schedules, read_csv, rows_to_csv
from domain.fees.csv_import import COLUMNS

HEADER = ",".join(COLUMNS)
# year,urp,section,code,concept,bracket,label,min,max,amount,fraction,evidence,source,note
B1 = "2026,550.00,pc,07900,Pruebas,B1,Hasta 100 URP,0,100,55.00,0.10,computed,calc,"
B2 = "2026,550.00,pc,07900,Pruebas,B2,Más de 100 URP,100,,82.50,0.15,computed,calc,"
FLAT = "2026,550.00,notificacion,09970,Notificación,FLAT,Monto fijo,,,5.30,,read:press,diario,"


def csv_of(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def errors_of(text: str) -> list[tuple[int, str]]:
    result = parse_schedules(text)
    assert not result.ok and result.schedules == {}
    return [(row.line, error) for row in result.rows for error in row.errors]


def test_a_clean_file_gives_its_year():
    result = parse_schedules(csv_of(B1, B2, FLAT))
    assert result.ok and result.error_count == 0
    schedule = result.schedules[2026]
    assert schedule.urp == D("550.00") and schedule.uit == D("5500.00")
    assert [c.code for c in schedule.concepts] == ["07900", "09970"]
    assert schedule.concept("09970").unit == "derecho"


def test_a_byte_order_mark_and_unordered_brackets_are_fine():
    assert parse_schedules("\ufeff" + csv_of(B2, FLAT, B1)).ok


def test_a_blank_amount_is_computed_from_the_fraction_and_marked_so():
    row = B2.replace("82.50,0.15,computed", ",0.15,read:press")
    result = parse_schedules(csv_of(B1, row))
    figure = result.schedules[2026].concept("07900").tiers[1].figure
    assert (figure.amount, figure.status) == (D("82.50"), Status.COMPUTED)


def test_a_year_without_a_known_uit_is_taken_at_its_urp():
    rows = [
        line.replace("2026,550.00", "2031,600.00")
        .replace("55.00,0.10", "60.00,0.10")
        .replace("82.50,0.15", "90.00,0.15")
        for line in (B1, B2)
    ]
    result = parse_schedules(csv_of(*rows))
    assert result.ok and result.schedules[2031].uit == D("6000.00")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "El archivo está vacío"),
        ("   \n", "El archivo está vacío"),
        ("year,code,amount_pen\n2026,07900,55.00\n", "Faltan columnas en la cabecera: urp_pen"),
    ],
)
def test_file_level_errors(text, message):
    result = parse_schedules(text)
    assert not result.ok and result.rows == ()
    assert message in result.file_errors[0]


@pytest.mark.parametrize(
    ("b1", "message"),
    [
        (B1.replace("07900", "07999"), "Código desconocido: «07999»"),
        (B1.replace("55.00,0.10", "cincuenta,"), "el monto no es un número: «cincuenta»"),
        (B1.replace("55.00,0.10", "55,00,"), "más celdas que la cabecera"),
        (B1.replace("55.00,0.10", "-55.00,"), "el monto no puede ser negativo"),
        (B1.replace("55.00,0.10", "55.005,"), "más de 2 decimales"),
        (
            B1.replace("55.00,0.10", "55.10,0.10"),
            "S/\u00a055.10 no corresponde a 0.10 URP (S/\u00a055.00",
        ),
        (B1.replace("55.00,0.10", ","), "Falta el monto o la fracción de URP"),
        (B1.replace("55.00,0.10", "55.00,diez"), "la fracción de urp no es un número"),
        (B1.replace("computed,calc", "rumor,calc"), "Evidencia desconocida «rumor»"),
        (B1.replace("computed,calc", "computed,"), "Falta la fuente"),
        (B1.replace("2026,", "26a,", 1), "Año no válido: «26a»"),
        (B1.replace("550.00", "cinco"), "la urp no es un número"),
        (B1.replace(",0,100,", ",,100,"), "Falta el límite inferior del tramo"),
        (B1.replace(",0,100,", ",0,0,"), "El límite superior del tramo debe ser mayor"),
        (B1.replace(",Pruebas,", ",,"), "Falta el nombre del concepto"),
    ],
)
def test_each_bad_cell_is_marked_on_its_row(b1, message):
    errors = errors_of(csv_of(b1, B2))
    assert any(line == 2 and message.lower() in error.lower() for line, error in errors), errors


def test_a_bad_cell_does_not_echo_as_a_gap_on_the_rest_of_its_concept():
    assert errors_of(csv_of(B1.replace("55.00,0.10", "cincuenta,"), B2)) == [
        (2, "El monto no es un número: «cincuenta».")
    ]


def test_a_row_moved_to_another_code_leaves_its_old_concept_without_a_first_bracket():
    errors = errors_of(csv_of(B1.replace("07900", "07999"), B2))
    assert errors == [
        (2, "Código desconocido: «07999»."),
        (3, "El primer tramo debe empezar en 0 URP."),
    ]


def test_the_urp_must_be_ten_percent_of_the_years_uit():
    rows = [line.replace("550.00", "535.00") for line in (B1, B2)]
    assert (
        2,
        "La URP de 2026 es S/\u00a0550.00 (10 % de la UIT de S/\u00a05,500.00), no S/\u00a0535.00.",
    ) in (errors_of(csv_of(*rows)))


def test_one_year_has_one_urp():
    first = B1.replace("2026,550.00", "2031,600.00").replace("55.00,0.10", "60.00,")
    second = B2.replace("2026,550.00", "2031,610.00").replace("82.50,0.15", "91.50,")
    assert (
        3,
        "La URP no coincide con la de las otras filas de 2031 (S/\u00a0600.00).",
    ) in errors_of(csv_of(first, second))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((B1, B2.replace(",100,,", ",90,,")), (3, "El tramo se superpone con B1.")),
        ((B1, B2.replace(",100,,", ",120,,")), (3, "Falta un tramo entre 100 y 120 URP.")),
        ((B1.replace(",0,100,", ",10,100,"), B2), (2, "El primer tramo debe empezar en 0 URP.")),
        ((B1, B2.replace(",100,,", ",100,250,")), (3, "El último tramo debe quedar abierto")),
        ((B1, B2, B2), (4, "Fila repetida: 07900 B2 de 2026 ya está en la línea 3.")),
        ((B1, B2.replace("82.50,0.15", "50.00,")), (3, "El monto baja respecto del tramo B1")),
        ((B1, B2, FLAT.replace("09970", "07900")), (4, "mezcla un monto fijo con tramos")),
        ((FLAT.replace(",,,5.30", ",0,,5.30"),), (2, "Un monto fijo (FLAT) no lleva límites")),
    ],
)
def test_bracket_ladders_must_be_whole_and_rising(lines, expected):
    line, message = expected
    assert any(n == line and message in error for n, error in errors_of(csv_of(*lines)))


def test_every_row_comes_back_for_the_preview_with_only_the_bad_ones_marked():
    result = parse_schedules(csv_of(B1, FLAT.replace("09970", "09999"), B2))
    assert [row.line for row in result.rows] == [2, 3, 4]
    assert [bool(row.errors) for row in result.rows] == [False, True, False]
    assert result.rows[1].values["code"] == "09999"
    assert result.error_count == 1


def test_rows_written_back_read_the_same():
    rows, _ = read_csv(csv_of(B1, B2, FLAT), COLUMNS)
    assert rows_to_csv([row.values for row in rows]) == csv_of(B1, B2, FLAT)
