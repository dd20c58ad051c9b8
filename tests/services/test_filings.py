"""Filing's use cases with no request: submit once, numbers without gaps, files never orphaned,
and every state change checked, kept in the history, audited and told to the filer."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from db import database
from domain.filings import FileRole, FilingData
from domain.roles import Role
from domain.states import (
    FilingAction,
    FilingStatus,
    IdentityStatus,
    NotPermitted,
    WrongState,
)
from models import AuditEvent, Dependencia, Filing, FilingEvent, FilingFile, User
from services import filings
from services.actor import Actor
from services.filings import NotFilable, StoredFile
from tests.helpers import citizen, mails, staff

# Wednesday 2 December 2026, 10:00 in Lima (UTC-5): within business hours.
IN_HOURS = datetime(2026, 12, 2, 15, 0)
# Friday 4 December 2026, 19:30 in Lima: counts from Monday 7 at 08:00 (13:00 UTC).
FRIDAY_EVENING = datetime(2026, 12, 5, 0, 30)


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


def verified(email="ana@example.pe", doc_number="45678901", **extra) -> User:
    return citizen(email, doc_number, identity_status=IdentityStatus.APROBADA, **extra)


def main_file(name="escrito.pdf") -> StoredFile:
    return StoredFile(FileRole.PRINCIPAL, 0, name, "a" * 32 + ".pdf", 1234, "ab" * 32, 3)


def form(**changes) -> FilingData:
    fields = {
        "filer_kind": "natural",
        "contact_email": "ana@example.pe",
        "contact_phone": "987654321",
        "dependencia_id": Dependencia.get(Dependencia.code == "1JCL").id,
        "document_type": "escrito",
        "document_number": "sn",
        "case_number": "00123-2026-0-1801-JR-CI-01",
        "subject": "Apersonamiento al proceso",
        "folios": 3,
    }
    return FilingData(**(fields | changes))


def file_one(person, key="k1", now=IN_HOURS, files=None, removed=None, **changes) -> Filing:
    return filings.submit(
        form(**changes),
        [main_file()] if files is None else files,
        submission_key=key,
        actor=Actor(person, "10.0.0.9"),
        now=now,
        remove_file=(removed.append if removed is not None else None),
    )


@pytest.fixture
def ana(ctx) -> User:
    return verified()


@pytest.fixture
def clerk(ctx) -> Actor:
    return Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES), "10.0.0.7")


def test_a_filing_gets_its_number_both_instants_its_files_history_audit_and_mail(app, ana):
    filing = file_one(ana)
    assert filing.tracking_number == f"{IN_HOURS.year}-000001"
    assert filing.status == FilingStatus.PENDIENTE
    assert filing.submitted_at == filing.received_at == IN_HOURS
    assert filing.document_number == "SN"
    assert [f.original_name for f in filing.files] == ["escrito.pdf"]
    assert [e.action for e in filings.history(filing)] == [FilingAction.PRESENTAR]
    assert AuditEvent.get(AuditEvent.action == "tramite_presentado").subject == "2026-000001"
    [mail] = outbox(app)
    assert mail["To"] == "ana@example.pe"
    assert mail["Subject"] == "Trámite 2026-000001 recibido"
    body = mail.get_body(("plain",)).get_content()  # the constancia is attached
    assert filing.verification_code in body
    assert "02/12/2026 10:00:00" in body and "fuera del horario" not in body


def test_outside_business_hours_it_counts_from_the_next_working_opening(app, ana):
    filing = file_one(ana, now=FRIDAY_EVENING)
    assert filing.submitted_at == FRIDAY_EVENING
    assert filing.received_at == datetime(2026, 12, 7, 13, 0)  # Monday 08:00 in Lima
    body = outbox(app)[0].get_body(("plain",)).get_content()
    assert "Enviado: 04/12/2026 19:30:00" in body
    assert "se considera recibido el 07/12/2026 08:00:00" in body


def test_numbers_follow_each_other_and_restart_each_year(ctx, ana):
    first = file_one(ana, "a")
    second = file_one(ana, "b")
    next_year = file_one(ana, "c", now=datetime(2027, 1, 4, 15, 0))
    assert [first.number, second.number, next_year.number] == [1, 2, 1]
    assert next_year.tracking_number == "2027-000001"


def test_the_same_form_sent_again_is_the_same_filing_and_its_new_copies_are_removed(app, ana):
    first = file_one(ana, "k1")
    removed: list[str] = []
    again = file_one(ana, "k1", files=[main_file("otra-vez.pdf")], removed=removed)
    assert again.id == first.id
    assert Filing.select().count() == 1 and FilingFile.select().count() == 1
    assert removed == [main_file().stored_name]
    assert len(outbox(app)) == 1  # one constancia, however many taps


def test_someone_else_replaying_a_form_key_gets_nothing(ctx, ana):
    file_one(ana, "k1")
    other = verified("beto@example.pe", "11112222")
    with pytest.raises(NotFilable, match="ya se usó"):
        file_one(other, "k1")
    assert Filing.select().where(Filing.filer == other.id).count() == 0


@pytest.mark.parametrize(
    ("person", "changes", "field"),
    [
        ({"identity_status": IdentityStatus.PENDIENTE}, {}, "form"),
        ({"confirmed": False}, {}, "form"),
        ({}, {"filer_kind": "juridica"}, "filer_kind"),  # no legal person registered
        ({}, {"dependencia_id": 999_999}, "dependencia_id"),
        ({}, {"case_number": ""}, "case_number"),
    ],
)
def test_what_cannot_be_filed_stores_nothing_and_removes_its_files(ctx, person, changes, field):
    fields = {"identity_status": IdentityStatus.APROBADA} | person
    user = citizen("ana@example.pe", "45678901", **fields)
    removed: list[str] = []
    with pytest.raises(NotFilable) as refused:
        file_one(user, removed=removed, **changes)
    assert field in refused.value.errors
    assert removed == [main_file().stored_name]
    assert Filing.select().count() == 0


def test_a_filing_without_its_main_document_is_refused(ctx, ana):
    with pytest.raises(NotFilable) as refused:
        file_one(ana, files=[])
    assert "main" in refused.value.errors


def test_a_legal_person_files_under_its_ruc(ctx):
    person = verified(company_ruc="20123456789", company_name="Comercial Andina S.A.C.")
    filing = file_one(person, filer_kind="juridica")
    assert (filing.company_ruc, filing.company_name) == ("20123456789", "Comercial Andina S.A.C.")


def test_a_failed_transaction_leaves_no_filing_no_number_and_no_file(ctx, ana, monkeypatch):
    def broken(**fields):
        raise RuntimeError("disk full")

    monkeypatch.setattr(FilingEvent, "create", broken)
    removed: list[str] = []
    with pytest.raises(RuntimeError):
        file_one(ana, removed=removed)
    assert Filing.select().count() == 0 and FilingFile.select().count() == 0
    assert removed == [main_file().stored_name]
    monkeypatch.undo()
    assert file_one(ana, "k2").number == 1  # the number came back with the rollback


def test_the_clerk_observes_the_filer_corrects_and_the_clerk_derives_then_attends(app, ana, clerk):
    filing = file_one(ana)
    now = IN_HOURS
    with pytest.raises(NotFilable, match="qué debe corregir"):
        filings.move(filing, FilingAction.OBSERVAR, actor=clerk, now=now, note=" ")
    filing = filings.move(
        filing, FilingAction.OBSERVAR, actor=clerk, now=now, note="Falta la firma."
    )
    assert (filing.status, filing.observation) == (FilingStatus.OBSERVADO, "Falta la firma.")
    mail = outbox(app)[-1]
    assert mail["Subject"] == "Su trámite 2026-000001: observado"
    assert "Falta la firma." in mail.get_content()
    filing = filings.move(filing, FilingAction.SUBSANAR, actor=Actor(ana), now=now)
    assert filing.status == FilingStatus.PENDIENTE
    sala = Dependencia.get(Dependencia.code == "1SCL")
    filing = filings.move(filing, FilingAction.DERIVAR, actor=clerk, now=now, to_dependencia=sala)
    assert (filing.status, filing.derived_to_id) == (FilingStatus.DERIVADO, sala.id)
    assert filing.dependencia.code == "1JCL"  # the constancia keeps what the filer chose
    filing = filings.move(filing, FilingAction.ATENDER, actor=clerk, now=now)
    steps = [(e.from_status, e.to_status, e.actor_label) for e in filings.history(filing)]
    assert steps == [
        ("", "pendiente_validacion", "ana@example.pe"),
        ("pendiente_validacion", "observado", "mesa@corte.pe"),
        ("observado", "pendiente_validacion", "ana@example.pe"),
        ("pendiente_validacion", "derivado", "mesa@corte.pe"),
        ("derivado", "atendido", "mesa@corte.pe"),
    ]
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-4:] == [
        "tramite_observado",
        "tramite_subsanado",
        "tramite_derivado",
        "tramite_atendido",
    ]


def test_the_filer_cancels_only_while_pending_and_only_their_own(ctx, ana, clerk):
    filing = file_one(ana)
    stranger = verified("beto@example.pe", "11112222")
    with pytest.raises(NotPermitted):
        filings.move(filing, FilingAction.ANULAR, actor=Actor(stranger), now=IN_HOURS)
    with pytest.raises(NotPermitted):  # a clerk never cancels a citizen's filing
        filings.move(filing, FilingAction.ANULAR, actor=clerk, now=IN_HOURS)
    cancelled = filings.move(filing, FilingAction.ANULAR, actor=Actor(ana), now=IN_HOURS)
    assert cancelled.status == FilingStatus.ANULADO
    with pytest.raises(WrongState):
        filings.move(cancelled, FilingAction.ANULAR, actor=Actor(ana), now=IN_HOURS)


def test_of_two_clerks_acting_on_the_same_filing_only_the_first_moves_it(ctx, ana, clerk):
    filing = file_one(ana)
    seen_by_both = Filing.get_by_id(filing.id)
    filings.move(filing, FilingAction.ATENDER, actor=clerk, now=IN_HOURS)
    with pytest.raises(WrongState, match="Otra persona ya cambió"):
        filings.move(seen_by_both, FilingAction.OBSERVAR, actor=clerk, now=IN_HOURS, note="Tarde.")
    assert Filing.get_by_id(filing.id).status == FilingStatus.ATENDIDO


THREADS = 8


def test_filers_submitting_at_the_same_instant_get_consecutive_numbers(app, db):
    people = [verified(f"p{n}@example.pe", f"4000000{n}") for n in range(THREADS)]
    dependencia_id = Dependencia.get(Dependencia.code == "1JCL").id
    database.close()
    barrier = threading.Barrier(THREADS)

    def submit(n: int) -> int:
        database.connect(reuse_if_open=True)  # peewee keeps one connection per thread
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                filing = filings.submit(
                    form(dependencia_id=dependencia_id),
                    [main_file()],
                    submission_key=f"race-{n}",
                    actor=Actor(people[n]),
                    now=IN_HOURS,
                )
                return filing.number
        finally:
            database.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        numbers = list(pool.map(submit, range(THREADS)))
    assert sorted(numbers) == list(range(1, THREADS + 1))
    stored = [f.number for f in Filing.select().order_by(Filing.number)]
    assert stored == list(range(1, THREADS + 1))
