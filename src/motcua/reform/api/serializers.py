"""Bodies of the reform API (API-CONTRACT.md ``reform/progress``)."""

from __future__ import annotations

from rest_framework import serializers

from motcua.reform.models import ProgressReport


class UnitPlansSerializer(serializers.Serializer):
    filed = serializers.IntegerField()
    expected = serializers.IntegerField()
    by_level = serializers.SerializerMethodField()

    def get_by_level(self, data: dict) -> dict[str, dict[str, int]]:
        return {
            level: {"filed": row["filed"], "expected": row["expected"]}
            for level, row in data["by_level"].items()
        }


class CountsSerializer(serializers.Serializer):
    tasks = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Done, on time or late")
    done_late = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    not_started = serializers.IntegerField()
    overdue = serializers.IntegerField()


class AreaCountsSerializer(CountsSerializer):
    area = serializers.CharField()


class AgencyCountsSerializer(CountsSerializer):
    agency = serializers.CharField(source="agency.code")


class ProgressSerializer(CountsSerializer):
    plan = serializers.CharField(source="plan.number")
    as_of = serializers.DateField()
    objectives = serializers.IntegerField()
    unit_plans = UnitPlansSerializer()
    by_area = AreaCountsSerializer(many=True)
    by_agency = AgencyCountsSerializer(many=True)


class TaskStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="task.pk")
    number = serializers.CharField(source="task.number")
    title = serializers.CharField(source="task.title")
    area = serializers.CharField(source="task.area")
    lead = serializers.CharField(source="task.lead.code")
    coordinators = serializers.SerializerMethodField()
    timing = serializers.CharField(source="task.timing")
    due_on = serializers.DateField(source="task.due_on", allow_null=True)
    expected_output = serializers.CharField(source="task.expected_output")
    state = serializers.CharField()
    percent = serializers.IntegerField()
    last_report_on = serializers.DateField(source="last.reported_on", default=None, allow_null=True)

    def get_coordinators(self, state) -> list[str]:
        return [a.code for a in state.task.coordinators.all()]


class TaskListSerializer(serializers.Serializer):
    results = TaskStateSerializer(many=True)


class ReportInSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=20, help_text="The reporting agency's code")
    reported_on = serializers.DateField()
    status = serializers.ChoiceField(ProgressReport.Status.choices)
    percent = serializers.IntegerField(required=False, allow_null=True)
    evidence = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    agency = serializers.CharField(source="agency.code")
    reported_on = serializers.DateField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    evidence = serializers.CharField()
    note = serializers.CharField()


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportedSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
