"""The one sourced set of compliance-cost parameters (domain/README.md §5.1); other years are
added in the administration as their figures are published."""

from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Quyết định 2816/QĐ-UBND ngày 20/11/2025 của UBND tỉnh Đồng Nai: 1 ngày làm việc = 8 giờ, "
    "1 giờ = 40.000 đồng (thu nhập bình quân năm 2024, Tổng cục Thống kê)."
)


def seed(apps, schema_editor):
    CostParameters = apps.get_model("reviews", "CostParameters")
    CostParameters.objects.get_or_create(
        year=2025,
        defaults={"hourly_income": 40_000, "hours_per_day": Decimal(8), "source": SOURCE},
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_reviews")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
