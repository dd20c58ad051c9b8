"""Backup and restore: one consistent copy of the database and the uploaded files, with a manifest.

A backup folder holds the database (SQLite's online backup, or pg_dump's custom format), the
upload folder's files under uploads/, and manifest.json: the engine, the schema migration level,
the time, the row count of every table, and the size and SHA-256 of every file. The manifest is
written last, so a folder without one is an interrupted backup, and restore refuses it.

Both run while the app keeps writing: the database copy is a single snapshot of committed rows.
Uploads are stored complete under their final names (services/uploads.py renames a finished
".part-" file), so a file is copied whole or, when it arrived after the snapshot, as an extra.

Filing files kept in a bucket (services/storage.py, FILES_STORAGE=s3://...) are copied too, into
uploads/filings/ as if they had been in the folder: the manifest lists them the same way, with
their SHA-256, and restore puts them back into an empty bucket (or into the folder, when the
restored environment keeps them locally: a copy moves a court between the two).
"""

import hashlib
import json
import os
import shutil
import tempfile
from datetime import UTC

from services import backup_engines as engines
from services import storage
from services.backup_engines import BackupError

__all__ = ["BackupError", "backup", "restore"]

MANIFEST = "manifest.json"
FILES = "uploads"
FORMAT = 1
CHUNK = 1024 * 1024


def backup(database_url: str, upload_folder: str, target_dir: str, now, files=None) -> dict:
    """Copy the database and the uploads into `target_dir` (new or empty); return the manifest.
    `files`: the filing files' store (services/storage.py), when it is not the local folder."""
    try:
        return _backup(database_url, upload_folder, target_dir, now, _remote(files))
    except storage.Unavailable as error:
        raise BackupError(f"{error}. No se hizo la copia") from None


def _backup(database_url: str, upload_folder: str, target_dir: str, now, remote) -> dict:
    engine = engines.engine(database_url)
    if os.path.isdir(target_dir) and os.listdir(target_dir):
        raise BackupError(
            f"La carpeta {target_dir} no está vacía. Indique una carpeta nueva para cada copia"
        )
    created = not os.path.exists(target_dir)
    os.makedirs(target_dir, mode=0o700, exist_ok=True)  # personal data: owner only
    try:
        dump = os.path.join(target_dir, engines.DUMP_NAMES[engine])
        level, tables = engines.dump(engine, database_url, dump)
        size, digest = _hash(dump)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": now.replace(tzinfo=UTC).isoformat(),
            "schema_migration": level,
            "tables": tables,
            "database": {"path": os.path.basename(dump), "size": size, "sha256": digest},
            "files": _copy_uploads(upload_folder, os.path.join(target_dir, FILES), remote),
        }
        _write_json(os.path.join(target_dir, MANIFEST), manifest)
    except BaseException:
        if created:
            shutil.rmtree(target_dir, ignore_errors=True)
        raise
    return manifest


def restore(source_dir: str, database_url: str, upload_folder: str, files=None) -> dict:
    """Put a backup into an empty database and an empty upload folder (and an empty bucket,
    when `files` is one: the filing files go there); return its manifest.

    Every check comes before any change: the manifest, the engine, every file's SHA-256, the
    empty database, folder and bucket. Raises BackupError (nothing changed) when one fails.
    """
    try:
        return _restore(source_dir, database_url, upload_folder, _remote(files))
    except storage.Unavailable as error:
        raise BackupError(f"{error}. No se restauró nada") from None


def _restore(source_dir: str, database_url: str, upload_folder: str, remote) -> dict:
    manifest = read_manifest(source_dir)
    engine = engines.engine(database_url)
    if manifest["engine"] != engine:
        raise BackupError(
            f"La copia es de {manifest['engine']} y DATABASE_URL es {engine}: "
            "restaure en una base del mismo motor"
        )
    if os.path.isdir(upload_folder) and os.listdir(upload_folder):
        raise BackupError(
            f"La carpeta de archivos {upload_folder} no está vacía. "
            "Restaure en una carpeta vacía o que no exista"
        )
    if remote is not None and list(remote.names()):
        raise BackupError(
            f"El almacén de archivos {remote} no está vacío. Restaure en un balde vacío "
            "o en otro prefijo (FILES_STORAGE=s3://balde/prefijo)"
        )
    engines.check_empty(engine, database_url)
    verify(source_dir, manifest)
    parent = os.path.dirname(os.path.abspath(upload_folder))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".restoring-", dir=parent)
    put: list[str] = []
    try:
        for entry in manifest["files"]:
            copied = _copy(_inside(source_dir, FILES, entry), _inside(staging, "", entry))
            _compare(entry, copied)  # the file may not change between the check and the copy
        if remote is not None:
            _put_stored(manifest, staging, remote, put)
        dump = os.path.join(source_dir, manifest["database"]["path"])
        tables = engines.load(engine, database_url, dump)
        if tables != manifest["tables"]:
            raise BackupError("Las filas restauradas no coinciden con las del manifiesto")
        if os.path.isdir(upload_folder):
            os.rmdir(upload_folder)  # empty, as checked
        os.replace(staging, upload_folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for name in put:  # the bucket was empty: leave it so
            remote.delete(name)
        raise
    return manifest


def _remote(files):
    """The filing files' store when it is not UPLOAD_FOLDER's own filings folder (whose files
    the folder's copy already covers)."""
    if files is None or isinstance(files, storage.LocalStorage):
        return None
    return files


def _put_stored(manifest: dict, staging: str, remote, put: list[str]) -> None:
    """Move the staged filing files into the bucket, noting each name in `put`."""
    prefix = f"{storage.AREA}/"
    for entry in manifest["files"]:
        if not entry["path"].startswith(prefix):
            continue
        name = entry["path"][len(prefix) :]
        try:
            storage.plain(name)
        except ValueError:
            raise BackupError(f"Ruta no válida en el manifiesto: {entry['path']}") from None
        remote.put(name, _inside(staging, "", entry))
        put.append(name)
    shutil.rmtree(os.path.join(staging, storage.AREA), ignore_errors=True)


def read_manifest(source_dir: str) -> dict:
    try:
        with open(os.path.join(source_dir, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError):
        raise BackupError(
            f"{source_dir} no tiene un {MANIFEST} legible: no es una copia completa"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} no es de una copia de Ventanilla (formato {FORMAT})")
    return manifest


def verify(source_dir: str, manifest: dict) -> None:
    """The database file and every upload are there, unchanged, and nothing else is."""
    database = manifest["database"]
    if os.path.basename(database["path"]) != database["path"]:
        raise BackupError(f"Ruta no válida en el manifiesto: {database['path']}")
    _compare(database, _hash(os.path.join(source_dir, database["path"])))
    root = os.path.join(source_dir, FILES)
    for entry in manifest["files"]:
        _compare(entry, _hash(_inside(source_dir, FILES, entry)))
    listed = {entry["path"] for entry in manifest["files"]}
    present = {_relative(path, root) for path in _walk(root)}
    if present - listed:
        extra = ", ".join(sorted(present - listed)[:5])
        raise BackupError(f"La copia tiene archivos que el manifiesto no lista: {extra}")


def _compare(entry: dict, found: tuple[int, str] | None) -> None:
    if found != (entry["size"], entry["sha256"]):
        what = "falta" if found is None else "no coincide con el manifiesto (SHA-256)"
        raise BackupError(
            f"El archivo {entry['path']} de la copia {what}. La copia está dañada o fue "
            "modificada: use otra"
        )


def _inside(root: str, sub: str, entry: dict) -> str:
    """The file of a manifest entry under root/sub; a path leaving that folder is refused."""
    path = entry["path"]
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"Ruta no válida en el manifiesto: {path}")
    return os.path.join(root, sub, *parts)


def _copy_uploads(source: str, target: str, remote=None) -> list[dict]:
    """Copy the upload folder's files (and the bucket's filing files, when `remote`) under
    `target`; their manifest entries."""
    entries = []
    for path in _walk(source):
        relative = _relative(path, source)
        if remote is not None and relative.startswith(f"{storage.AREA}/"):
            continue  # the bucket holds the filing files; the folder has at most leftovers
        copied = _copy(path, os.path.join(target, *relative.split("/")))
        if copied is not None:  # None: removed while the backup ran
            entries.append({"path": relative, "size": copied[0], "sha256": copied[1]})
    if remote is not None:
        for name in sorted(name for name, _ in remote.names()):
            relative = f"{storage.AREA}/{name}"
            copied = _copy(
                lambda name=name: remote.open(name), os.path.join(target, *relative.split("/"))
            )
            if copied is not None:
                entries.append({"path": relative, "size": copied[0], "sha256": copied[1]})
    return entries


def _walk(root: str):
    """Every file under root in a stable order, without uploads still arriving (".part-")."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if not name.startswith(".part-"):
                yield os.path.join(folder, name)


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _copy(source, target: str) -> tuple[int, str] | None:
    """Copy a file (a path, or a function opening a stream), hashing what was read:
    (size, SHA-256), or None if it is not there."""
    try:
        reader = source() if callable(source) else open(source, "rb")
    except FileNotFoundError:
        return None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with reader, open(target, "wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return size, digest.hexdigest()


def _hash(path: str) -> tuple[int, str] | None:
    try:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256")
    except FileNotFoundError:
        return None
    return os.path.getsize(path), digest.hexdigest()


def _write_json(path: str, data: dict) -> None:
    temporary = f"{path}.part"
    with open(temporary, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)
