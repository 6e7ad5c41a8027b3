"""Word documents in the national administrative-document layout (Decree 30/2020/NĐ-CP, Annex
I): A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 — what the reform report and the
publication decisions start from."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

FONT = "Times New Roman"


def national_document() -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    return document
