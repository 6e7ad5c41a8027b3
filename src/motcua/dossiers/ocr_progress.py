"""OCRmyPDF's progress, reported to ``dossiers.ocr`` (an OCRmyPDF plugin: the officer sees the
share of pages read on the dossier's page)."""

from __future__ import annotations

from ocrmypdf import hookimpl

from motcua.dossiers import ocr


class PagesRead:
    def __init__(self, *, total=None, desc=None, unit=None, disable=False, **kwargs) -> None:
        self.total, self.done = total, 0.0
        self.counts = bool(desc) and "OCR" in str(desc)  # the step that reads the pages

    def __enter__(self) -> PagesRead:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: float = 1, *, completed: float | None = None) -> None:
        self.done = completed if completed is not None else self.done + n
        if self.counts and self.total:
            ocr.report_progress(self.done, self.total)


@hookimpl
def get_progressbar_class():
    return PagesRead
