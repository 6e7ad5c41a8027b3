"""``motcua import-decision FILE [--json]``: a draft publication decision from its document."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.services import documents
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Read a publication decision (DOCX, or PDF with a text layer) and create its draft: the "
        "rows that fit the catalog become items, the others are kept for the officer to resolve "
        "before signing. Prints the summary; exit status 0 when the file was read."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(_("File %(file)s not found.") % {"file": file})
        data = file.read_bytes()
        try:
            read = documents.read_document(data, file.name)
            checks = documents.check(read)
            result = documents.summary(read, checks)
            decision = documents.create_draft(read, filename=file.name, data=data)
        except DomainError as err:
            raise CommandError(f"{err.code}: {err.message}") from err
        result["decision"] = decision.pk
        result["unresolved"] = len(decision.unresolved)
        if options["json"]:
            self.stdout.write(_dumps(result))
            return
        items = result["items"]
        self.stdout.write(
            _(
                "Draft %(number)s of %(date)s (signed by %(signer)s): %(new)s new, %(amended)s "
                "amended, %(replaced)s replaced, %(abolished)s abolished; %(duties)s follow-up "
                "duties; %(unresolved)s row(s) to resolve."
            )
            % {
                "number": result["number"],
                "date": result["date"],
                "signer": result["signer"] or "?",
                **items,
                "duties": len(result["duties"]),
                "unresolved": result["unresolved"],
            }
        )
        for problem in result["problems"]:
            where = (
                _("row %(n)s") % {"n": problem["row"]}
                if problem["row"]
                else _("the decision itself")
            )
            self.stdout.write(f"  {where}: {problem['message']}")


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)
