"""A filing's receipts as use cases (no request), on SQLite and PostgreSQL: marked used in the
filing's own transaction, never twice (filings racing for one receipt: one wins, the others
get a Spanish error and no filing), released on cancel, and used once more after a
habilitación, for its new concept."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from db import database
from domain.fees import money
from domain.filings import FileLimits, FileRole
from domain.roles import Role
from domain.states import FilingAction, IdentityStatus
from models import AuditEvent, DraftFile, Filing, FilingCounter, FilingDraft, ReceiptUse
from services import filing_drafts, filing_fees, filings, habilitation
from services.actor import Actor
from services.filing_receipts import ReceiptToUse
from services.filings import NotFilable
from tests.blueprints.identity_helpers import pdf
from tests.blueprints.receipt_helpers import pay, today
from tests.helpers import citizen, mails, staff

NOW = datetime(2026, 12, 2, 15, 0)  # Wednesday 10:00 in Lima
DRAFTS = 4
HOUR = timedelta(hours=1)
PROOF = FileLimits()
APPEAL = {  # apelación de auto, code 07927: S/ 55.00 in its first bracket, like 07900
    "act": "apelacion_auto",
    "process": "civil",
    "role": "demandante",
    "person": "natural",
    "cuantia": "1000",
    "parties": "0",
    "instance": "especializado",
    "quantity": "1",
}
EVIDENCE = APPEAL | {"act": "ofrecimiento_pruebas"}  # code 07900


@pytest.fixture
def ana(ctx):
    return citizen(identity_status=IdentityStatus.APROBADA)


@pytest.fixture
def clerk(ctx) -> Actor:
    return Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES), "10.0.0.7")


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


def draft_for(person, answers=EVIDENCE):
    """A draft with its data, its main document and the act's answers at the fees step."""
    draft = filing_drafts.start(person, NOW)
    filing_drafts.keep(
        draft,
        {
            "dependencia_id": 1,
            "document_type": "escrito",
            "document_number": "SN",
            "case_number": "00123-2026-0-1801-JR-CI-01",
            "subject": "Ofrece pruebas",
            "privacy": True,
        },
        NOW,
    )
    filing_drafts.add_file(draft, FileRole.PRINCIPAL, io.BytesIO(pdf()), "e.pdf", NOW, PROOF)
    filing_fees.choose(draft, answers, today(), NOW)
    return draft


def register(draft, payment, code="07900"):
    return filing_fees.register(
        draft,
        code=code,
        sequence=payment.sequence,
        paid_on=payment.paid_on,
        paid_time=payment.paid_at.time(),
        upload=FileStorage(io.BytesIO(pdf()), "comprobante.pdf"),
        payer=payment.payer_document,
        today=today(),
        now=NOW,
        limits=PROOF,
    )


def submit(draft, person):
    return filing_drafts.submit(draft, actor=Actor(person, "10.0.0.9"), now=NOW)


def test_filings_racing_for_one_receipt_one_wins_the_others_file_nothing(ctx, ana):
    payment = pay("6660001")
    drafts = [draft_for(ana) for _ in range(DRAFTS)]
    for draft in drafts:
        register(draft, payment)
    database.close()
    barrier = threading.Barrier(DRAFTS)

    def race(draft):
        with ctx.app_context():
            database.connect(reuse_if_open=True)  # one connection per thread
            try:
                barrier.wait(timeout=20)
                submit(draft, ana)
                return "filed"
            except NotFilable as refusal:
                return refusal.errors["fees"]
            finally:
                database.close()

    with ThreadPoolExecutor(max_workers=DRAFTS) as pool:
        outcomes = list(pool.map(race, drafts))
    assert outcomes.count("filed") == 1, outcomes
    refusals = [o for o in outcomes if o != "filed"]
    assert all("se acaba de usar" in o or "ya fue usado" in o for o in refusals), refusals
    assert Filing.select().count() == 1
    use = ReceiptUse.get()
    assert use.filing_id == Filing.get().id
    assert FilingCounter.get().last == 1  # the losers gave their numbers back: no gap


def test_a_receipt_taken_inside_the_transaction_refuses_the_whole_filing(ctx, ana):
    """The check at the fees step passed, then another filing took the receipt: submit's own
    transaction finds it taken and writes nothing."""
    payment = pay("6660002")
    ReceiptUse.use(payment, "Escrito en mesa de partes", NOW)
    taken = ReceiptToUse(payment.id, "07900", Decimal("55.00"), "6660002 del …")
    data = filing_drafts.filing_data(draft_for(ana))
    main = filings.StoredFile(FileRole.PRINCIPAL, 0, "e.pdf", "b" * 32 + ".pdf", 10, "c" * 64)
    with pytest.raises(NotFilable) as refused:
        filings.submit(
            data, [main], submission_key="k", actor=Actor(ana, ""), now=NOW, receipts=[taken]
        )
    assert "se acaba de usar en otro trámite" in refused.value.errors["fees"]
    assert Filing.select().count() == 0 and ReceiptUse.select().count() == 1
    assert not FilingCounter.select().where(FilingCounter.last > 0).exists()


def test_cancelling_while_pending_releases_the_receipt_and_audits_it(ctx, ana):
    payment = pay("6660003")
    draft = draft_for(ana)
    register(draft, payment)
    filing = submit(draft, ana)
    assert ReceiptUse.get().filing_id == filing.id
    assert "Comprobante de pago: 6660003 del" in outbox(ctx)[-1].get_body(("plain",)).get_content()
    filings.move(filing, FilingAction.ANULAR, actor=Actor(ana, ""), now=NOW)
    assert not ReceiptUse.select().exists()
    released = AuditEvent.get(AuditEvent.action == "comprobante_liberado")
    assert released.subject.startswith("6660003") and filing.tracking_number in released.detail
    again = draft_for(ana)
    register(again, payment)
    assert submit(again, ana).receipt_uses.count() == 1


def test_a_habilitated_receipt_is_used_once_more_for_its_new_concept(ctx, ana, clerk):
    payment = pay("6660004")
    ReceiptUse.use(payment, "Ofrecimiento de pruebas en mesa de partes", NOW - HOUR)
    appeal = draft_for(ana, APPEAL)
    with pytest.raises(filing_fees.ReceiptProblem, match="ya fue usado"):
        register(appeal, payment, code="07927")
    habilitation.habilitate_receipt(
        payment,
        "g",
        same_district=True,
        actor=clerk,
        now=NOW,
        returned_on=today(),
        target_amount=Decimal("55.00"),
    )
    register(appeal, payment, code="07927")  # its own code is 07900: art. 37 g changed it
    filing = submit(appeal, ana)
    uses = list(ReceiptUse.select().order_by(ReceiptUse.use_number))
    assert [(u.use_number, u.concept_code) for u in uses] == [(0, ""), (1, "07927")]
    assert uses[1].filing_id == filing.id and filing.fee_note == ""
    # Never a third time: its one habilitación is spent.
    with pytest.raises(filing_fees.ReceiptProblem, match="ya fue usado"):
        register(draft_for(ana, APPEAL), payment, code="07927")
    assert ReceiptUse.next_number(payment) is None


def test_a_receipt_habilitated_before_any_use_is_still_used_only_once(ctx, ana, clerk):
    payment = pay("6660005")
    habilitation.habilitate_receipt(payment, "a", same_district=True, actor=clerk, now=NOW - HOUR)
    draft = draft_for(ana)
    register(draft, payment)
    submit(draft, ana)
    assert ReceiptUse.next_number(payment) is None


def test_a_filing_without_its_receipts_is_filed_with_the_omission_noted(ctx, ana):
    draft = draft_for(ana, EVIDENCE | {"parties": "1"})
    filing = submit(draft, ana)
    assert filing.fee_note == (
        f"Falta el comprobante de pago de 07900 Ofrecimiento de pruebas ({money(Decimal(55))}). "
        f"Falta el comprobante de pago de 09970 Derecho de notificación judicial "
        f"({money(Decimal('5.30'))})."
    )
    assert filings.summary(filing)["fee_note"] == filing.fee_note
    body = outbox(ctx)[-1].get_body(("plain",)).get_content()
    assert "Tasas (observación): Falta el comprobante de pago de 07900" in body


def test_a_double_tap_registers_the_receipt_once(ctx, ana):
    payment = pay("6660006")
    draft = draft_for(ana)
    database.close()
    barrier = threading.Barrier(2)

    def tap(_):
        with ctx.app_context():
            database.connect(reuse_if_open=True)
            try:
                barrier.wait(timeout=20)
                register(FilingDraft.get_by_id(draft.id), payment)  # each request reads its own
                return "kept"
            except filing_fees.ReceiptProblem as problem:
                return problem.errors["sequence"]
            finally:
                database.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(tap, range(2)))
    assert outcomes == [filing_fees.ALREADY_HERE, "kept"]
    assert len(filing_fees.receipts_of(FilingDraft.get_by_id(draft.id))) == 1
    assert draft.files.where(DraftFile.role == FileRole.RECIBO).count() == 1


def test_a_receipt_dropped_and_another_added_take_their_own_places(ctx, ana):
    # Three parties to notify: three derechos de notificación, one receipt each.
    first, second, third = (pay(f"666001{n}", code="09970") for n in range(3))
    draft = draft_for(ana, EVIDENCE | {"parties": "3"})
    register(draft, first, code="09970")
    register(draft, second, code="09970")
    assert filing_fees.drop(draft, first.id, NOW)
    register(draft, third, code="09970")
    places = [f.position for f in draft.files.where(DraftFile.role == FileRole.RECIBO)]
    assert sorted(places) == [2, 3]


def test_a_receipt_registered_again_after_the_first_is_said_to_be_here_already(ctx, ana):
    payment = pay("6660007")
    draft = draft_for(ana)
    register(draft, payment)
    with pytest.raises(filing_fees.ReceiptProblem) as again:
        register(FilingDraft.get_by_id(draft.id), payment)
    assert again.value.errors == {"sequence": filing_fees.ALREADY_HERE}
