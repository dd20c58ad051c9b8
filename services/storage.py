"""Where a filing's files are kept: a folder on this machine (one VM, the default) or an
S3-compatible bucket (AWS S3, MinIO, Ceph...) when several app servers share the work.

One small interface, so receiving, serving, purging and backing up a file read the same on
both: put(name, local_path), open(name), delete(name), names(). A name appears only when its
bytes are whole and durable: the folder renames a synced file into place (and syncs the
folder); the bucket makes an object visible only once its single PUT has all of it, checked
against the checksum botocore sends with it. A failed put leaves nothing under the name.

Files are first written to `scratch`, a folder on this machine (the folder of the store itself
when it is local, so the final rename never crosses disks), and checked there: a file is judged
by its content before anyone else can see it. Transfers in pieces (services/resumable.py) stay on
local disk too, and are put here when complete.

The store is chosen by FILES_STORAGE: `local` (UPLOAD_FOLDER/filings) or `s3://bucket[/prefix]`,
with S3_ENDPOINT_URL for a server other than AWS and S3_REGION; credentials come from boto3's
usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
"""

import contextlib
import errno
import functools
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Protocol

from flask import current_app

AREA = "filings"  # the folder under UPLOAD_FOLDER, and the bucket's default prefix


class Unavailable(Exception):
    """The store did not answer or refused (a bucket missing, wrong credentials, a network
    failure); the Spanish message names it."""


class Storage(Protocol):
    scratch: str  # a folder on this machine where files are written before put()

    def put(self, name: str, local_path: str) -> None:
        """Keep the file at `local_path` as `name`, durably, then remove `local_path`; when it
        fails, nothing new is under `name` and `local_path` is left to the caller."""

    def open(self, name: str) -> BinaryIO:
        """The bytes of `name`, to read once; FileNotFoundError if there is no such file."""

    def delete(self, name: str) -> None:
        """Remove `name`; nothing happens if it is not there."""

    def names(self) -> Iterable[tuple[str, float]]:
        """Every stored name with its modification time (seconds since the epoch)."""


def plain(name: str) -> str:
    """A stored name is one plain file name: no folders, no hidden files, no path tricks."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
        raise ValueError(f"not a stored file name: {name!r}")
    return name


class LocalStorage:
    """A folder on this machine: one VM, or a folder every app server mounts."""

    def __init__(self, folder: str):
        self.folder = self.scratch = folder

    def __str__(self) -> str:
        return self.folder

    def put(self, name: str, local_path: str) -> None:
        target = os.path.join(self.folder, plain(name))
        os.makedirs(self.folder, exist_ok=True)
        _sync(local_path)
        try:
            os.replace(local_path, target)  # atomic: the name holds all of the file or none
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            self._copy_in(local_path, target)  # from another disk: copy, sync, then rename
            os.unlink(local_path)
        _sync(self.folder)  # the new name itself survives a power cut

    def _copy_in(self, source: str, target: str) -> None:
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out, open(source, "rb") as reader:
                shutil.copyfileobj(reader, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise

    def open(self, name: str) -> BinaryIO:
        return open(os.path.join(self.folder, plain(name)), "rb")

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.folder, plain(name)))

    def names(self) -> Iterator[tuple[str, float]]:
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue  # ".part-" files are writes in progress, not stored files
            try:
                yield entry.name, entry.stat().st_mtime
            except FileNotFoundError:
                continue  # removed meanwhile


def _answering(method):
    """boto3's errors as Unavailable, naming the bucket (a missing object stays
    FileNotFoundError, raised inside)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(self, *args, **kwargs)
        except (BotoCoreError, ClientError) as error:
            raise Unavailable(f"El almacén de archivos {self} no responde: {error}") from error

    return wrapper


class S3Storage:
    """Objects `prefix + name` in an S3-compatible bucket, shared by every app server."""

    def __init__(self, bucket: str, prefix: str, scratch: str, client):
        self.bucket, self.prefix, self.scratch, self.client = bucket, prefix, scratch, client

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    @_answering
    def put(self, name: str, local_path: str) -> None:
        key = self.prefix + plain(name)
        size = os.path.getsize(local_path)
        # One PUT, not a multipart upload: the object appears whole or not at all, and the
        # largest file (30 MB) is far below a single PUT's 5 GB. botocore sends a checksum of
        # the body that the server verifies before it keeps anything.
        with open(local_path, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=body,
                ContentLength=size,
                ContentType="application/octet-stream",
            )
        os.unlink(local_path)

    @_answering
    def open(self, name: str) -> BinaryIO:
        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=self.prefix + plain(name))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(name) from None
        return reply["Body"]

    @_answering
    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + plain(name))

    @_answering
    def names(self) -> list[tuple[str, float]]:
        found = []
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                name = item["Key"][len(self.prefix) :]
                if name and "/" not in name and not name.startswith("."):
                    found.append((name, item["LastModified"].timestamp()))
        return found  # a list, so an error while listing is raised here, as Unavailable


def parse(setting: str) -> tuple[str, str] | None:
    """FILES_STORAGE as (bucket, prefix), or None for the local folder; ValueError (Spanish)
    when it is neither."""
    value = (setting or "local").strip()
    if value == "local":
        return None
    if not value.startswith("s3://"):
        raise ValueError(
            f"FILES_STORAGE={value} no se entiende: use «local» o «s3://balde» "
            "(con S3_ENDPOINT_URL si el servidor S3 no es el de AWS)"
        )
    bucket, _, prefix = value[len("s3://") :].partition("/")
    if not bucket:
        raise ValueError("FILES_STORAGE=s3:// necesita el nombre del balde: s3://balde")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else f"{AREA}/"


def of(config) -> Storage:
    """The store `config` (an app's config) names."""
    scratch = os.path.join(config["UPLOAD_FOLDER"], AREA)
    where = parse(config.get("FILES_STORAGE", "local"))
    if where is None:
        return LocalStorage(scratch)
    return S3Storage(*where, scratch=scratch, client=_client(config))


def files() -> Storage:
    """The current app's store of filing files (one S3 client per app: it is thread-safe and
    keeps its connections)."""
    app = current_app
    key = (
        app.config["UPLOAD_FOLDER"],
        app.config.get("FILES_STORAGE", "local"),
        app.config.get("S3_ENDPOINT_URL", ""),
        app.config.get("S3_REGION", ""),
    )
    cached = app.extensions.get("filing_storage")
    if cached is None or cached[0] != key:
        cached = app.extensions["filing_storage"] = (key, of(app.config))
    return cached[1]


def _client(config):
    import boto3  # only when a bucket is configured: one VM never loads it
    from botocore.config import Config

    endpoint = config.get("S3_ENDPOINT_URL") or None
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=config.get("S3_REGION") or None,
        config=Config(
            # MinIO and most servers other than AWS answer at one host: bucket in the path.
            s3={"addressing_style": "path" if endpoint else "auto"},
            retries={"mode": "standard", "max_attempts": 3},
            connect_timeout=5,
            read_timeout=30,
        ),
    )


def _sync(path: str) -> None:
    """fsync a file or a folder (a folder's entry is what makes a rename survive)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
