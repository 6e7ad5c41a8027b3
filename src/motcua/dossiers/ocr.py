"""Searchable copies: every scan (and every file uploaded online) is made into a PDF/A-2b with a
Vietnamese text layer in the background (OCRmyPDF, Tesseract's Vietnamese data; pages deskewed
and turned upright), its text kept for search. The original bytes are never changed: the
searchable PDF is a second file linked to them.

A copy is queued when it is stored (``queue``, after the storing transaction commits) and read
by the background worker (``make_searchable``). A failure that may pass (a worker killed, a
timeout) is tried again, ``settings.OCR_RETRIES`` times in all, backing off; one that will not
(an encrypted or damaged PDF, too many pages) is parked at once with the reason, for a person.
The officer sees the state and the progress on the dossier's page.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from motcua.core.text import fold, nfc
from motcua.dossiers import reading
from motcua.dossiers.models import DigitizedCopy, ReadField

log = logging.getLogger(__name__)

READABLE = ("application/pdf", "image/jpeg", "image/png")
_current: contextvars.ContextVar[int | None] = contextvars.ContextVar("ocr_copy", default=None)


class Unreadable(Exception):
    """A file OCR will never read (parked at once, with the reason for the officer)."""


_held: contextvars.ContextVar[bool] = contextvars.ContextVar("ocr_held", default=False)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Copies stored inside are not queued (a bulk load of files that are not pictures)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def queue(copies: list[DigitizedCopy]) -> None:
    """Mark ``copies`` to be read and start the work once the caller's transaction commits.
    Our own signed results are not: they are PDFs with their text already, and kept as issued."""
    if not settings.OCR_ENABLED or _held.get():
        return
    ids = [
        c.pk
        for c in copies
        if c.content_type in READABLE and c.reused_from_id is None and not c.ocr_state
    ]
    if not ids:
        return
    # Stamped: a copy whose task never ran (a worker down) is taken up by the sweep later.
    DigitizedCopy.objects.filter(pk__in=ids).update(
        ocr_state="queued", ocr_progress=0, ocr_next_attempt_at=timezone.now()
    )
    for copy in copies:
        if copy.pk in ids:
            copy.ocr_state = "queued"
    transaction.on_commit(lambda: [make_searchable.enqueue(pk) for pk in ids])


def due_for_retry() -> list[int]:
    """Copies whose next attempt has come, and those a killed worker left running or queued."""
    now = timezone.now()
    stale = now - dt.timedelta(minutes=settings.OCR_STALE_MINUTES)
    return list(
        DigitizedCopy.objects.filter(
            Q(ocr_state="failed", ocr_next_attempt_at__lte=now)
            | Q(ocr_state__in=("queued", "running"), ocr_next_attempt_at__lte=stale)
        ).values_list("pk", flat=True)
    )


def _claim(pk: int) -> DigitizedCopy | None:
    """The copy, marked as being read by this worker — unless it is read already, parked, or
    being read by another worker that has not gone quiet (OCR_STALE_MINUTES)."""
    stale = timezone.now() - dt.timedelta(minutes=settings.OCR_STALE_MINUTES)
    with transaction.atomic():
        copy = (
            DigitizedCopy.objects.select_for_update()
            .filter(pk=pk)
            .filter(
                Q(ocr_state__in=("queued", "failed"))
                | Q(ocr_state="running", ocr_next_attempt_at__lte=stale)
            )
            .first()
        )
        if copy is None:
            return None
        copy.ocr_state, copy.ocr_progress = "running", 0
        copy.ocr_attempts += 1
        # Taken: if this worker dies, the copy is picked up again after OCR_STALE_MINUTES.
        copy.ocr_next_attempt_at = timezone.now()
        copy.save(
            update_fields=["ocr_state", "ocr_progress", "ocr_attempts", "ocr_next_attempt_at"]
        )
        return copy


def read(pk: int) -> str:
    """Make copy ``pk`` searchable now; returns its state afterwards. What went wrong is kept
    in the site's language, for the officers."""
    with translation.override(settings.LANGUAGE_CODE):
        return _read(pk)


def _read(pk: int) -> str:
    copy = _claim(pk)
    if copy is None:
        return "skipped"
    try:
        with copy.file.open("rb") as file:
            data = file.read()
        pdf, text = _ocr(data, copy.content_type, pk)
    except Unreadable as error:
        return _failed(copy, str(error), final=True)
    except Exception as error:  # the engine's own failures, a timeout: try again later
        log.warning("OCR of copy %s failed: %s", pk, error)
        return _failed(copy, f"{type(error).__name__}: {error}", final=False)
    if pdf:  # else: born digital, the file itself is searchable
        copy.searchable.save(
            f"{Path(copy.file.name or 'copy').stem}-ocr.pdf", ContentFile(pdf), save=False
        )
    copy.text = nfc(text)
    copy.text_folded = fold(copy.text)
    copy.ocr_state, copy.ocr_progress, copy.ocr_error = "done", 100, ""
    copy.ocr_next_attempt_at = None
    copy.save(
        update_fields=[
            "searchable",
            "text",
            "text_folded",
            "ocr_state",
            "ocr_progress",
            "ocr_error",
            "ocr_next_attempt_at",
        ]
    )
    _propose_fields(copy, data)
    return "done"


def _propose_fields(copy: DigitizedCopy, data: bytes) -> None:
    """For an identity card or a result, the values read from it, to be confirmed by a person.
    Reading them is a help, not a step: a failure leaves the copy searchable, without them."""
    kind = reading.kind_of(copy.text)
    if kind is None or copy.read_fields.exists():
        return
    try:
        lines = reading.lines_of(reading.page_image(data, copy.content_type))
    except Exception as error:  # the engine again, or a page that cannot be drawn
        log.warning("Reading the fields of copy %s failed: %s", copy.pk, error)
        return
    ReadField.objects.bulk_create(
        [
            ReadField(copy=copy, name=p.name, value=p.value[:255], confidence=p.confidence)
            for p in reading.propose(kind, lines)
        ]
    )


def _failed(copy: DigitizedCopy, reason: str, *, final: bool) -> str:
    copy.ocr_error = reason[:500]
    if final or copy.ocr_attempts >= settings.OCR_RETRIES:
        copy.ocr_state, copy.ocr_next_attempt_at = "parked", None
    else:
        copy.ocr_state = "failed"
        copy.ocr_next_attempt_at = timezone.now() + dt.timedelta(minutes=2**copy.ocr_attempts)
    copy.save(update_fields=["ocr_state", "ocr_error", "ocr_next_attempt_at"])
    return copy.ocr_state


def _ocr(data: bytes, content_type: str, pk: int | None = None) -> tuple[bytes, str]:
    """The searchable PDF/A made from ``data``, and its text."""
    import ocrmypdf
    from pdfminer.high_level import extract_text

    with tempfile.TemporaryDirectory(prefix="motcua-ocr-") as folder:
        source = Path(folder) / ("in.pdf" if content_type == "application/pdf" else "in.img")
        source.write_bytes(data)
        with_text = 0
        if content_type == "application/pdf":
            pages, with_text = _check_pdf(source)
            if with_text == pages:  # born digital: searchable as it is, nothing to read
                return b"", extract_text(str(source))
        target = Path(folder) / "out.pdf"
        token = _current.set(pk)
        # OCRmyPDF leaves sys.stderr pointing at a buffer of its own once it has checked its
        # output: the process's later messages and tracebacks (the worker's logs) would vanish.
        streams = sys.stdout, sys.stderr
        try:
            ocrmypdf.ocr(
                source,
                target,
                language=settings.OCR_LANGUAGES,
                rotate_pages=True,
                rotate_pages_threshold=settings.OCR_ROTATE_THRESHOLD,
                deskew=True,
                # Some pages with text, some scanned: every page read again into the copy for
                # search (Ghostscript 10.0.0, Debian 12's, corrupts a PDF whose text is kept).
                force_ocr=bool(with_text),
                output_type="pdfa-2",
                optimize=1,
                jobs=1,  # the worker shares the machine with the web server
                image_dpi=300,  # a photo without its resolution: taken as a 300 dpi scan
                tesseract_timeout=settings.OCR_PAGE_TIMEOUT,
                progress_bar=pk is not None,
                plugins=["motcua.dossiers.ocr_progress"] if pk is not None else [],
            )
        except ocrmypdf.exceptions.EncryptedPdfError as error:
            raise Unreadable(_("The PDF is encrypted: its text cannot be read.")) from error
        except (
            ocrmypdf.exceptions.InputFileError,
            ocrmypdf.exceptions.UnsupportedImageFormatError,
        ) as error:
            raise Unreadable(_("The file is damaged or not a document OCR can read.")) from error
        except ocrmypdf.exceptions.DigitalSignatureError as error:
            raise Unreadable(
                _("The PDF is digitally signed: it is kept as it is, its text is not read.")
            ) from error
        finally:
            sys.stdout, sys.stderr = streams
            _current.reset(token)
        return target.read_bytes(), extract_text(str(target))


def _check_pdf(path: Path) -> tuple[int, int]:
    """The PDF's pages, and how many of them carry text already."""
    import pikepdf
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PasswordError as error:
        raise Unreadable(_("The PDF is encrypted: its text cannot be read.")) from error
    except pikepdf.PdfError as error:
        raise Unreadable(_("The file is damaged or not a document OCR can read.")) from error
    if pages > settings.OCR_MAX_PAGES:
        raise Unreadable(
            _("%(pages)s pages: more than the %(limit)s pages read automatically.")
            % {"pages": pages, "limit": settings.OCR_MAX_PAGES}
        )
    with_text = sum(
        any(isinstance(item, LTTextContainer) and item.get_text().strip() for item in page)
        for page in extract_pages(str(path))
    )
    return pages, with_text


_last_write: dict[int, float] = {}


def report_progress(done: float, total: float) -> None:
    """Called by the progress plugin: the share of pages read, written at most once a second."""
    pk = _current.get()
    if pk is None or not total:
        return
    now = time.monotonic()
    if now - _last_write.get(pk, 0.0) < 1.0 and done < total:
        return
    _last_write[pk] = now
    percent = max(1, min(99, int(100 * done / total)))
    DigitizedCopy.objects.filter(pk=pk, ocr_state="running").update(ocr_progress=percent)


def search(copies: QuerySet[DigitizedCopy], q: str) -> QuerySet[DigitizedCopy]:
    """``copies`` whose text has every word of ``q`` (folded: accents and case ignored)."""
    for word in fold(nfc(q)).split()[:8]:
        copies = copies.filter(text_folded__contains=word)
    return copies


def snippet(copy: DigitizedCopy, q: str, width: int = 80) -> str:
    """A stretch of the copy's text around the first word of ``q`` found in it."""
    words = fold(nfc(q)).split()
    at = min((i for w in words if (i := copy.text_folded.find(w)) >= 0), default=0)
    start = max(0, at - width)
    text = copy.text[start : at + width * 2]  # folding keeps positions: one letter for one
    return ("…" if start else "") + text.strip() + "…"


_lowered = False


def lower_priority() -> None:
    """Reading pages takes a core for seconds: the worker that does it gives way to the web
    server's requests (once per process; the OCR engine's own processes inherit it)."""
    global _lowered
    if _lowered:
        return
    # Tesseract's OpenMP threads would take every core a page at a time: one is the share.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if settings.OCR_NICE:
        os.nice(settings.OCR_NICE)
    _lowered = True


@task()
def make_searchable(copy_id: int) -> str:
    """Read one copy (the background task ``queue`` starts); on failure, try again later if
    the backend can defer."""
    lower_priority()
    state = read(copy_id)
    if state == "failed" and default_task_backend.supports_defer:
        copy = DigitizedCopy.objects.get(pk=copy_id)
        make_searchable.using(run_after=copy.ocr_next_attempt_at).enqueue(copy_id)
    return state
