"""A backup is proven by restoring it into a fresh database and a fresh folder, with every
table's rows and every file's checksum compared (on the engine the suite runs on)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

MAKE_DATA = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from motcua.agencies.models import Agency
Agency.objects.create(code="000.00.01.H03", name="Sở Thử nghiệm", level="department")
default_storage.save("scans/2026/giay-to.pdf", ContentFile(b"%PDF-1.7 giay to"))
"""


def motcua(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the test's own command line
        [sys.executable, "-m", "motcua.manage", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def databases(tmp_path):
    """Two new, empty databases on the suite's engine: the one backed up and the restore's."""
    if connection.vendor == "sqlite":
        yield [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("live", "restored")]
        return
    import psycopg

    server = connection.settings_dict
    names = [f"backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("live", "restored")]
    address = f"host={server['HOST']} port={server['PORT']} user={server['USER']} dbname=postgres"
    with psycopg.connect(address, password=server.get("PASSWORD") or None, autocommit=True) as db:
        for name in names:
            db.execute(f'CREATE DATABASE "{name}"')
        yield [
            f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{name}"
            for name in names
        ]
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_whole_and_a_damaged_one_is_caught(databases, tmp_path):
    live, restored = databases
    env = {"DATABASE_URL": live, "MEDIA_ROOT": str(tmp_path / "media")}
    for step in (("migrate", "--no-input"), ("shell", "-c", MAKE_DATA)):
        assert motcua(*step, env=env).returncode == 0, step
    saved = tmp_path / "backup"
    made = motcua("backup", str(saved), env=env)
    assert made.returncode == 0, made.stderr
    manifest = json.loads((saved / "manifest.json").read_text())
    assert manifest["tables"]["agencies_agency"] == 1
    assert list(manifest["media"]) == ["scans/2026/giay-to.pdf"]

    back = motcua(
        "restore",
        str(saved),
        f"--database-url={restored}",
        f"--media-root={tmp_path / 'restored-media'}",
        env=env,
    )
    assert back.returncode == 0, back.stderr
    assert "match" in back.stdout
    assert (tmp_path / "restored-media" / "scans/2026/giay-to.pdf").read_bytes().startswith(b"%PDF")

    # A manifest that disagrees with what was restored is reported, table by table.
    manifest["tables"]["agencies_agency"] = 2
    manifest["media"]["scans/2026/giay-to.pdf"] = "0" * 64
    (saved / "manifest.json").write_text(json.dumps(manifest))
    other = restored.replace("restored", "again") if connection.vendor == "sqlite" else None
    if other is None:  # PostgreSQL: restore again into the same, emptied database
        import psycopg

        with psycopg.connect(restored.replace("postgres://", "postgresql://")) as db:
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
        other = restored
    bad = motcua(
        "restore",
        str(saved),
        f"--database-url={other}",
        f"--media-root={tmp_path / 'again-media'}",
        env=env,
    )
    assert bad.returncode != 0
    assert "table agencies_agency: saved 2, restored 1" in bad.stderr
    assert "file scans/2026/giay-to.pdf" in bad.stderr


def test_backup_never_overwrites(tmp_path, db):
    existing = tmp_path / "there"
    existing.mkdir()
    result = motcua("backup", str(existing), env={})
    assert result.returncode != 0 and not any(Path(existing).iterdir())
