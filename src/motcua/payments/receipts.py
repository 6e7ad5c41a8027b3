"""The e-receipt (biên lai điện tử) of a paid fee, as a PDF, with the amount in Vietnamese words."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from num2words import num2words

from motcua.core.text import dong as dotted
from motcua.payments.models import Payment


def in_words(amount: int) -> str:
    """15000 -> "Mười lăm nghìn đồng"."""
    words = num2words(amount, lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"


def html(payment: Payment) -> str:
    dossier = payment.dossier
    return render_to_string(
        "payments/receipt.html",
        {
            "payment": payment,
            "dossier": dossier,
            "agency": dossier.receiving_agency,
            "amount": dotted(payment.amount),
            "words": in_words(payment.amount),
            "paid_at": timezone.localtime(payment.paid_at),
        },
    )


def pdf(payment: Payment) -> bytes:
    from weasyprint import HTML  # Pango is needed only to print

    return HTML(string=html(payment), base_url=settings.MOTCUA_PUBLIC_URL).write_pdf()
