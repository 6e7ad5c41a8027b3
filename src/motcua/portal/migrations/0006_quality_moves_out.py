"""Ratings, feedback and agency evaluations move to the quality app (quality 0001): the portal
forgets them, their tables stay where they are (the quality models name them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_report_indexes"),
        ("quality", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='feedback',
            name='agency',
        ),
        migrations.RemoveField(
            model_name='feedback',
            name='answered_by',
        ),
        migrations.RemoveField(
            model_name='feedback',
            name='dossier',
        ),
        migrations.RemoveField(
            model_name='feedback',
            name='owner',
        ),
        migrations.RemoveField(
            model_name='feedback',
            name='procedure',
        ),
        migrations.RemoveField(
            model_name='rating',
            name='dossier',
        ),
        migrations.RemoveField(
            model_name='rating',
            name='owner',
        ),
        migrations.DeleteModel(
            name='AgencyEvaluation',
        ),
        migrations.DeleteModel(
            name='Feedback',
        ),
        migrations.DeleteModel(
            name='Rating',
        ),
            ],
            database_operations=[],
        ),
    ]
