"""The filing files' store keeps the same promises on a local folder and on an S3-compatible
bucket (moto's server on this machine): what was put comes back byte for byte, a name appears
only with all of its file, a failed put leaves nothing, and only plain names are accepted."""

import errno
import io
import os
import time
from datetime import timedelta

import pytest

from domain.filings import FileLimits, FileRefused, FileRole
from domain.states import IdentityStatus
from services import filing_drafts, filing_files, storage
from services.clock import utc_now
from tests.blueprints.identity_helpers import JPEG, pdf
from tests.helpers import citizen, make_app


@pytest.fixture(params=["local", "s3"])
def settings(request, tmp_path):
    """The app settings of each store: the default folder, or a fresh bucket."""
    extra = request.getfixturevalue("s3_files") if request.param == "s3" else {}
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads")} | extra


@pytest.fixture
def store(settings):
    return storage.of(settings)


def local_file(tmp_path, content: bytes, name="nuevo.bin") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def read(store, name) -> bytes:
    with store.open(name) as stream:
        return stream.read()


def test_what_is_put_comes_back_whole_is_listed_and_goes_when_deleted(store, tmp_path):
    big = os.urandom(3 * 1024 * 1024 + 17)
    before = time.time()
    store.put("a" * 32 + ".pdf", local_file(tmp_path, big, "uno"))
    store.put("b" * 32 + ".jpg", local_file(tmp_path, JPEG, "dos"))
    assert not (tmp_path / "uno").exists() and not (tmp_path / "dos").exists()  # moved in

    assert read(store, "a" * 32 + ".pdf") == big and read(store, "b" * 32 + ".jpg") == JPEG
    listed = dict(store.names())
    assert sorted(listed) == ["a" * 32 + ".pdf", "b" * 32 + ".jpg"]
    # Modification times on the system clock: the orphan purge compares them with time.time().
    assert all(before - 2 <= modified <= time.time() + 2 for modified in listed.values())

    store.delete("a" * 32 + ".pdf")
    store.delete("a" * 32 + ".pdf")  # already gone: nothing happens
    assert [name for name, _ in store.names()] == ["b" * 32 + ".jpg"]
    with pytest.raises(FileNotFoundError):
        store.open("a" * 32 + ".pdf")


def test_a_put_over_a_name_leaves_the_new_file_whole(store, tmp_path):
    store.put("c" * 32 + ".pdf", local_file(tmp_path, b"primera version " * 1000))
    store.put("c" * 32 + ".pdf", local_file(tmp_path, b"segunda"))
    assert read(store, "c" * 32 + ".pdf") == b"segunda"
    assert [name for name, _ in store.names()] == ["c" * 32 + ".pdf"]


def test_a_failed_put_leaves_nothing_and_keeps_the_local_file(settings, store, tmp_path):
    with pytest.raises(FileNotFoundError):
        store.put("d" * 32 + ".pdf", str(tmp_path / "no-existe"))
    assert list(store.names()) == []

    # The store itself refuses (a bucket that is not there; a folder that is a file).
    if isinstance(store, storage.S3Storage):
        broken = storage.of(settings | {"FILES_STORAGE": "s3://ventanilla-no-existe"})
    else:
        (tmp_path / "ocupado").write_text("no soy una carpeta")
        broken = storage.LocalStorage(str(tmp_path / "ocupado"))
    source = local_file(tmp_path, b"%PDF-1.4 contenido")
    with pytest.raises((storage.Unavailable, OSError), match="no responde|ocupado"):
        broken.put("d" * 32 + ".pdf", source)
    assert (tmp_path / "nuevo.bin").read_bytes() == b"%PDF-1.4 contenido"  # left to retry
    assert list(store.names()) == []


def test_a_file_from_another_disk_is_copied_in_whole(tmp_path, monkeypatch):
    """os.replace cannot cross disks (EXDEV): the folder then copies, syncs and renames. The
    other disk is simulated, so the test runs on any machine."""
    store = storage.LocalStorage(str(tmp_path / "store"))
    content = os.urandom(200_000)
    source = local_file(tmp_path, content)
    real_replace = os.replace

    def across_disks(src, dst):
        if os.fspath(src) == source:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", across_disks)
    store.put("f" * 32 + ".zip", source)
    assert not os.path.exists(source) and read(store, "f" * 32 + ".zip") == content
    assert os.listdir(tmp_path / "store") == ["f" * 32 + ".zip"]  # no ".part-" left behind


@pytest.mark.parametrize("name", ["../fuera.pdf", "sub/a.pdf", ".part-x", "", "a\\b.pdf"])
def test_only_plain_names_are_stored(store, tmp_path, name):
    source = local_file(tmp_path, b"x")
    for act in (lambda: store.put(name, source), lambda: store.open(name)):
        with pytest.raises(ValueError):
            act()
    with pytest.raises(ValueError):
        store.delete(name)
    assert list(store.names()) == [] and os.path.exists(source)


def test_an_unknown_setting_is_refused_in_spanish():
    for setting in ("ftp://servidor/carpeta", "s3://", "disco"):
        with pytest.raises(ValueError, match="FILES_STORAGE"):
            storage.parse(setting)
    assert storage.parse("local") is None and storage.parse("") is None
    assert storage.parse("s3://balde") == ("balde", "filings/")
    assert storage.parse("s3://balde/corte-lima/") == ("balde", "corte-lima/")


# --- the filing's use cases on each store -------------------------------------------------


@pytest.fixture
def app_ctx(database_url, tmp_path, settings):
    app = make_app(database_url, tmp_path, **settings)
    with app.app_context():
        yield app


def test_a_checked_file_is_stored_and_a_refused_one_leaves_nothing_anywhere(app_ctx, db):
    store = storage.files()
    received = filing_files.receive(io.BytesIO(pdf()), "escrito.pdf", 10**6, ("pdf",))
    with filing_files.open_stored(received.stored_name) as stream:
        assert stream.read() == pdf()
    for body, name in ((b"MZ\x90\x00" + b"\x00" * 200, "programa.pdf"), (JPEG, "foto.png")):
        with pytest.raises(FileRefused):
            filing_files.receive(io.BytesIO(body), name, 10**6, ("pdf", "png"))
    assert [name for name, _ in store.names()] == [received.stored_name]
    assert [n for n in os.listdir(store.scratch) if n.startswith(".part-")] == []
    filing_files.remove(received.stored_name)
    assert list(store.names()) == []


def test_the_purge_removes_only_old_unnamed_files_from_the_store(app_ctx, db, monkeypatch):
    person = citizen(identity_status=IdentityStatus.APROBADA)
    now = utc_now()
    draft = filing_drafts.start(person, now)
    used = filing_drafts.add_file(
        draft, FileRole.ANEXO, io.BytesIO(JPEG), "a.jpg", now, FileLimits()
    )
    orphan = filing_files.receive(io.BytesIO(JPEG), "b.jpg", 10**6, ("jpg",))  # no row names it
    monkeypatch.setattr(filing_drafts, "ORPHAN_AGE", timedelta(hours=6))
    assert filing_drafts.purge(now)["orphan_files"] == 0  # too young to be abandoned
    monkeypatch.setattr(filing_drafts, "ORPHAN_AGE", timedelta(0))  # as if six hours went by
    assert filing_drafts.purge(now)["orphan_files"] == 1
    assert [name for name, _ in storage.files().names()] == [used.stored_name]
    assert orphan.stored_name != used.stored_name
