"""Backups that are proven by restoring them: the database (PostgreSQL's own ``pg_dump``
custom format, or SQLite's online backup), the uploaded files, and a manifest of what they
hold — the rows of every table and the SHA-256 of every file — so that a restore into a fresh
database and a fresh folder can be compared with what was saved (docs/deploy.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Difference:
    what: str
    saved: object
    restored: object

    def __str__(self) -> str:
        return f"{self.what}: saved {self.saved}, restored {self.restored}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def file_sums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _pg(database: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """A libpq address for ``database`` and the environment carrying its password (kept out of
    the command line, which every user of the machine can read)."""
    user = database.get("USER") or ""
    at = "@" if user else ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    url = f"postgresql://{user}{at}{database.get('HOST') or ''}{port}/{database['NAME']}"
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return url, env


def backup(target: Path, *, alias: str = "default") -> dict:
    """Write the database, the uploaded files and the manifest into ``target`` (a new folder)."""
    target.mkdir(parents=True, exist_ok=False)
    database = connections[alias].settings_dict
    # Counted first and dumped after: a write between them shows as a difference on restore,
    # never as a silent one (run it on a quiet system, or accept and re-run).
    counts = table_counts(alias)
    if connections[alias].vendor == "postgresql":
        dump = target / "database.pgdump"
        url, env = _pg(database)
        subprocess.run(  # noqa: S603 - fixed arguments, the address from settings
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", url],
            check=True,
            env=env,
        )
    else:
        dump = target / "database.sqlite3"
        with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(dump) as copy:
            source.backup(copy)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar", "w") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "engine": connections[alias].vendor,
        "database_file": dump.name,
        "database_sha256": sha256(dump),
        "tables": counts,
        "media": file_sums(media),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path, *, database_url: str, media_root: Path) -> list[Difference]:
    """Restore ``source`` into an empty database and an empty folder, then compare them with the
    manifest; the differences found (none for a good backup)."""
    manifest = json.loads((source / MANIFEST).read_text())
    dump = source / manifest["database_file"]
    differences = []
    if (dumped := sha256(dump)) != manifest["database_sha256"]:
        differences.append(Difference("database file", manifest["database_sha256"], dumped))
    if media_root.exists() and any(media_root.iterdir()):
        raise FileExistsError(f"{media_root} is not empty")
    config = dj_database_url.parse(database_url)
    if manifest["engine"] == "postgresql":
        url, env = _pg(config)
        subprocess.run(  # noqa: S603 - fixed arguments, the address given
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={url}", str(dump)],
            check=True,
            env=env,
        )
    else:
        if Path(config["NAME"]).exists():
            raise FileExistsError(f"{config['NAME']} exists")
        shutil.copyfile(dump, config["NAME"])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as archive, tempfile.TemporaryDirectory() as tmp:
        archive.extractall(tmp, filter="data")
        unpacked = Path(tmp) / "media"  # the archive holds the folder, named "media"
        for item in unpacked.iterdir() if unpacked.exists() else ():
            shutil.move(item, media_root / item.name)
    differences += compare(manifest, _counts_at(config), file_sums(media_root))
    return differences


def _counts_at(config: Mapping[str, Any]) -> dict[str, int]:
    """Rows of every table of the restored database, read with a connection of its own (the
    database is not one of the settings' connections)."""
    if "postgresql" in config["ENGINE"]:
        import psycopg

        url, env = _pg(config)
        with psycopg.connect(url, password=env.get("PGPASSWORD")) as db:
            return _rows(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    with sqlite3.connect(config["NAME"]) as db:
        # SQLite's own tables left out, as Django's introspection leaves them.
        return _rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'", skip="sqlite_")


def _rows(db, list_tables: str, *, skip: str | None = None) -> dict[str, int]:
    """Each table's rows, for a DB-API connection that executes directly (psycopg, sqlite3)."""
    names = [r[0] for r in db.execute(list_tables) if not (skip and r[0].startswith(skip))]
    return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608


def compare(manifest: dict, counts: dict[str, int], media: dict[str, str]) -> list[Difference]:
    found = []
    for table in sorted(set(manifest["tables"]) | set(counts)):
        saved, restored = manifest["tables"].get(table), counts.get(table)
        if saved != restored:
            found.append(Difference(f"table {table}", saved, restored))
    for name in sorted(set(manifest["media"]) | set(media)):
        kept, unpacked = manifest["media"].get(name), media.get(name)
        if kept != unpacked:
            found.append(Difference(f"file {name}", kept, unpacked))
    return found
