"""The instants of a notification are fixed in the database itself, on SQLite and PostgreSQL:
no UPDATE changes one once set and no DELETE removes an issued notification, whoever sends
it (the app, a member of staff with a SQL console, a bug)."""

from datetime import timedelta

import peewee
import pytest

from db import database
from models import Dependencia, Notification, NotificationDelivery, User
from services.clock import utc_now
from tests.helpers import citizen, staff


def issued(opened: bool = False) -> NotificationDelivery:
    now = utc_now()
    notification = Notification.create(
        dependencia=Dependencia.select().first(),
        case_number="00123-2026-0-1801-JR-CI-01",
        act_kind="resolucion",
        resolution_number="5",
        resolution_date=now.date(),
        summary="Se admite la demanda.",
        document_file="0" * 32 + ".pdf",
        document_name="resolucion.pdf",
        document_sha256="a" * 64,
        document_bytes=100,
        created_by=staff("notifica@corte.pe", "notificador"),
        created_at=now,
        issued_at=now,
        available_at=now,
    )
    return NotificationDelivery.create(
        notification=notification,
        user=citizen(),
        code="ABCD-EFGH-JKMN-PQRS",
        issued_at=now,
        available_at=now,
        opened_at=now if opened else None,
        opened_session_id=7 if opened else None,
        opened_ip="10.0.0.1" if opened else None,
    )


def refused(sql: str, *values) -> bool:
    """True when the database refuses the statement (and nothing of it stays)."""
    try:
        with database.atomic():
            database.execute_sql(sql, values)
    except peewee.DatabaseError as error:
        return "cannot" in str(error)
    return False


def later() -> str:
    return (utc_now() + timedelta(days=1)).isoformat(" ")


@pytest.mark.parametrize("column", ["issued_at", "available_at"])
def test_an_issued_or_available_instant_cannot_change(db, column):
    delivery = issued()
    sql = _param(f'UPDATE "notification_delivery" SET {column} = %s WHERE id = %s')
    assert refused(sql, later(), delivery.id)
    assert refused(
        _param(f'UPDATE "notification_delivery" SET {column} = NULL WHERE id = %s'), delivery.id
    )
    assert getattr(NotificationDelivery.get_by_id(delivery.id), column) == getattr(delivery, column)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("opened_at", None),
        ("opened_at", "later"),
        ("opened_ip", "1.2.3.4"),
        ("opened_session_id", 9),
    ],
)
def test_the_first_opening_is_recorded_once_and_never_overwritten(db, column, value):
    delivery = issued(opened=True)
    value = later() if value == "later" else value
    assert refused(
        _param(f'UPDATE "notification_delivery" SET {column} = %s WHERE id = %s'),
        value,
        delivery.id,
    )
    assert NotificationDelivery.get_by_id(delivery.id).opened_at == delivery.opened_at


def test_an_unopened_delivery_takes_its_first_opening_and_other_columns_still_move(db):
    delivery = issued()
    assert not refused(
        _param('UPDATE "notification_delivery" SET opened_at = %s, opened_ip = %s WHERE id = %s'),
        later(), "10.0.0.2", delivery.id,
    )  # fmt: skip
    assert not refused(
        _param('UPDATE "notification_delivery" SET alerted_at = %s WHERE id = %s'),
        later(),
        delivery.id,
    )
    assert NotificationDelivery.get_by_id(delivery.id).opened_ip == "10.0.0.2"


def test_the_addressee_and_the_document_of_an_issued_notification_cannot_change(db):
    delivery = issued()
    other = User.create(
        email="otro@example.pe", full_name="Otro", password_hash="x", created_at=utc_now()
    )
    assert refused(
        _param('UPDATE "notification_delivery" SET user_id = %s WHERE id = %s'),
        other.id,
        delivery.id,
    )
    for column in ("document_sha256", "issued_at", "available_at"):
        sql = f'UPDATE "notification" SET {column} = NULL WHERE id = %s'
        assert refused(_param(sql), delivery.notification_id), column


def test_an_issued_notification_cannot_be_deleted(db):
    delivery = issued()
    assert refused(_param('DELETE FROM "notification_delivery" WHERE id = %s'), delivery.id)
    assert refused(_param('DELETE FROM "notification" WHERE id = %s'), delivery.notification_id)
    assert NotificationDelivery.select().count() == 1


def test_a_withdrawal_is_recorded_once(db):
    delivery = issued()
    sql = _param('UPDATE "notification" SET withdrawn_at = %s WHERE id = %s')
    assert not refused(sql, later(), delivery.notification_id)
    assert refused(sql, utc_now().isoformat(" "), delivery.notification_id)


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def _param(sql: str) -> str:
    return sql.replace("%s", "?") if _sqlite() else sql
