"""The nightly clean-up of e-filing: drafts left for a week, transfers left for a day, and files
that no draft or filing names (a crash between writing a file and its row) once old enough."""

import io
import os
import time
from datetime import timedelta

from domain.filings import FileLimits, FileRole
from domain.states import IdentityStatus
from models import DraftFile, FilingDraft, ResumableUpload
from services import filing_drafts, filing_files, periodic, resumable
from services.clock import utc_now
from tests.blueprints.identity_helpers import JPEG
from tests.helpers import citizen


def age(path: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_old_drafts_transfers_and_orphans_go_and_everything_in_use_stays(ctx):
    person = citizen(identity_status=IdentityStatus.APROBADA)
    now = utc_now()
    old = filing_drafts.start(person, now - timedelta(days=8))
    kept = filing_drafts.start(person, now)
    limits = FileLimits()
    old_file = filing_drafts.add_file(old, FileRole.ANEXO, io.BytesIO(JPEG), "a.jpg", now, limits)
    kept_file = filing_drafts.add_file(kept, FileRole.ANEXO, io.BytesIO(JPEG), "b.jpg", now, limits)
    FilingDraft.update(updated_at=now - timedelta(days=8)).where(FilingDraft.id == old.id).execute()
    folder = filing_files.folder()
    orphan = os.path.join(folder, "0" * 32 + ".pdf")
    fresh_orphan = os.path.join(folder, "1" * 32 + ".pdf")
    for path in (orphan, fresh_orphan):
        with open(path, "wb") as fh:
            fh.write(b"%PDF-1.4")
    age(orphan, 7)
    age(filing_files.path(kept_file.stored_name), 30)  # old, but its draft is alive
    stale = resumable.create(kept, FileRole.ANEXO, "c.jpg", 10, now - timedelta(days=2), limits)
    live = resumable.create(kept, FileRole.ANEXO, "d.jpg", 10, now, limits)

    removed = periodic.clean_up.call_local()

    assert removed["drafts"] == 1 and removed["orphan_files"] == 1
    assert removed["transfers"] == 1
    assert [d.id for d in FilingDraft.select()] == [kept.id]
    assert [f.id for f in DraftFile.select()] == [kept_file.id]
    assert sorted(os.listdir(folder)) == sorted([kept_file.stored_name, "1" * 32 + ".pdf"])
    assert not os.path.exists(filing_files.path(old_file.stored_name))
    assert [u.id for u in ResumableUpload.select()] == [live.id]
    assert not os.path.exists(resumable.partial_path(stale))
