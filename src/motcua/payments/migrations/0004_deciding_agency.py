"""Each payment carries its dossier's deciding agency (see the model): added empty, filled from
the dossiers in one statement, then required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_dossiers(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    Dossier = apps.get_model("dossiers", "Dossier")
    Payment.objects.update(
        deciding_agency=Subquery(
            Dossier.objects.filter(pk=OuterRef("dossier")).values("deciding_agency")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_special_zone"),
        ("dossiers", "0013_indexes_for_counts"),
        ("payments", "0003_indexes_for_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="deciding_agency",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RunPython(copy_from_dossiers, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="payment",
            name="deciding_agency",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RemoveIndex(model_name="payment", name="payment_paid_counted"),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                fields=["paid_at", "state", "method", "deciding_agency", "dossier"],
                name="payment_paid_by_agency",
            ),
        ),
    ]
