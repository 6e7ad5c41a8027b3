"""Bodies of the review API. Response serializers declare their integer fields: a model's
positive integer takes its bounds from the database in use, and the schema must not."""

from __future__ import annotations

from rest_framework import serializers

from motcua.reviews.models import (
    CRITERION_KEYS,
    DraftProcedure,
    DraftRegulation,
    Recommendation,
    Review,
    SimplificationPlan,
)
from motcua.reviews.selectors import assignment_statuses, implemented
from motcua.reviews.services.common import RECOMMENDATION_FIELDS


class ReviewStatisticsSerializer(serializers.Serializer):
    """API-CONTRACT.md's figures, and what else the period holds."""

    procedures_reviewed = serializers.IntegerField()
    reviews = serializers.IntegerField()
    recommendations = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    plans_approved = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField())
    cost_before = serializers.IntegerField(help_text="đồng a year")
    cost_after = serializers.IntegerField(help_text="đồng a year")
    saving = serializers.IntegerField()
    saving_percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False
    )
    drafts = serializers.DictField()


class RecommendationInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Recommendation.Kind.choices)
    content = serializers.CharField(max_length=5000)
    current_value = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    proposed_value = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    proposed_days = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    proposed_preparation_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    proposed_other_costs = serializers.IntegerField(
        min_value=0, max_value=10**12, required=False, allow_null=True
    )
    regulation = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    implementer = serializers.CharField(max_length=255, required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    reasonable = serializers.BooleanField(default=True)
    lawful = serializers.BooleanField(default=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.Serializer):
    def get_fields(self):
        return {key: AnswerSerializer(required=False) for key in CRITERION_KEYS}


class ReviewInSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=20, help_text="Procedure code, e.g. 1.001234")
    agency = serializers.CharField(max_length=20, help_text="The reviewing agency's code")
    plan = serializers.CharField(
        max_length=50, required=False, allow_blank=True, help_text="Review plan number"
    )
    reviewed_on = serializers.DateField()
    necessary = serializers.BooleanField(default=True)
    necessity_note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    assessment = AssessmentSerializer(required=False)
    working_days = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    preparation_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, default=0
    )
    fees = serializers.IntegerField(min_value=0, max_value=10**12, required=False, allow_null=True)
    other_costs = serializers.IntegerField(min_value=0, max_value=10**12, required=False, default=0)
    dossiers_per_year = serializers.IntegerField(
        min_value=0, max_value=10**9, required=False, allow_null=True
    )
    recommendations = RecommendationInSerializer(many=True, required=False, max_length=50)


class RecommendationSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField(read_only=True)
    plan = serializers.CharField(source="plan.decision_number", default=None, allow_null=True)
    decision = serializers.CharField(source="decision.number", default=None, allow_null=True)
    implemented = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            *RECOMMENDATION_FIELDS,
            "revision",
            "current",
            "outcome",
            "outcome_note",
            "plan",
            "decision",
            "implemented",
        ]

    def get_implemented(self, rec: Recommendation) -> bool:
        return implemented(rec)


class ReviewSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="version.name")
    agency = serializers.CharField(source="agency.code")
    plan = serializers.CharField(source="plan.number", default=None, allow_null=True)
    parameters_year = serializers.IntegerField(source="parameters.year")
    dossiers_per_year = serializers.IntegerField(read_only=True)
    saving = serializers.IntegerField()
    saving_percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False
    )
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "procedure",
            "procedure_name",
            "agency",
            "plan",
            "reviewed_on",
            "necessary",
            "necessity_note",
            "assessment",
            "working_days",
            "days_after",
            "preparation_hours",
            "fees",
            "other_costs",
            "dossiers_per_year",
            "dossiers_counted",
            "parameters_year",
            "cost_basis",
            "cost_before",
            "cost_after",
            "saving",
            "saving_percent",
            "recommendations",
        ]

    def get_recommendations(self, review: Review) -> list[dict]:
        return RecommendationSerializer(review.recommendations.all(), many=True).data


class ReviewListSerializer(serializers.Serializer):
    results = ReviewSerializer(many=True)


class PlanSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(read_only=True)
    recommendations = serializers.IntegerField(source="n_recommendations", read_only=True)

    class Meta:
        model = SimplificationPlan
        fields = [
            "id",
            "year",
            "title",
            "state",
            "decision_number",
            "approved_on",
            "signer",
            "sent_to",
            "roadmap",
            "recommendations",
        ]


class PlanListSerializer(serializers.Serializer):
    results = PlanSerializer(many=True)


class ApproveSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=50)
    approved_on = serializers.DateField()
    signer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class DraftProcedureSerializer(serializers.ModelSerializer):
    dossiers_per_year = serializers.IntegerField(read_only=True)
    procedure = serializers.CharField(source="procedure.code", default=None, allow_null=True)

    class Meta:
        model = DraftProcedure
        fields = [
            "id",
            "action",
            "procedure",
            "name",
            "assessment",
            "working_days_before",
            "working_days_after",
            "dossiers_per_year",
            "cost_basis",
            "cost_before",
            "cost_after",
            "explanation",
            "opinion",
            "opinion_note",
        ]


class DraftSerializer(serializers.ModelSerializer):
    drafting_agency = serializers.CharField(source="drafting_agency.code")
    procedures = DraftProcedureSerializer(many=True, read_only=True)

    class Meta:
        model = DraftRegulation
        fields = [
            "id",
            "title",
            "drafting_agency",
            "stage",
            "received_on",
            "opinion",
            "opinion_on",
            "issued_number",
            "procedures",
        ]


class DraftListSerializer(serializers.Serializer):
    results = DraftSerializer(many=True)


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=2000)
    roadmap = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    sent_to = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PlanRecommendationsSerializer(serializers.Serializer):
    recommendations = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000
    )


class RevisionSerializer(RecommendationInSerializer):
    """The fields that change in the new revision; the others are kept."""

    kind = serializers.ChoiceField(Recommendation.Kind.choices, required=False)
    content = serializers.CharField(max_length=5000, required=False)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        [c for c in Recommendation.Outcome.choices if c[0] != Recommendation.Outcome.PROPOSED]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    decision = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        default="",
        help_text="The number of the province's publication decision that implemented it",
    )


class ReviewPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    number = serializers.CharField(max_length=50)
    issued_on = serializers.DateField()
    title = serializers.CharField(max_length=2000)
    deadline = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    assignments = serializers.SerializerMethodField()

    def get_assignments(self, plan) -> list[dict]:
        return [
            {
                "id": s.assignment.pk,
                "agency": s.assignment.agency.code,
                "procedure": s.assignment.procedure.code if s.assignment.procedure else None,
                "field": s.assignment.field.name if s.assignment.field else None,
                "due": s.assignment.due,
                "expected": s.expected,
                "filed": s.filed,
                "state": s.state,
            }
            for s in assignment_statuses(plan, agencies=self.context.get("agencies"))
        ]


class ReviewPlanListSerializer(serializers.Serializer):
    results = ReviewPlanSerializer(many=True)


class AssignmentInSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=20, help_text="The reviewing agency's code")
    procedure = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    field = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="A field's name"
    )
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class DraftCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=5000)
    drafting_agency = serializers.CharField(max_length=20, help_text="The drafting agency's code")
    received_on = serializers.DateField()
    stage = serializers.ChoiceField(DraftRegulation.Stage.choices, required=False)


class ImpactAnswerSerializer(serializers.Serializer):
    met = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ImpactSerializer(serializers.Serializer):
    necessity = ImpactAnswerSerializer(required=False)
    reasonableness = ImpactAnswerSerializer(required=False)
    legality = ImpactAnswerSerializer(required=False)


class DraftProcedureInSerializer(serializers.Serializer):
    action = serializers.ChoiceField(DraftProcedure.Action.choices)
    procedure = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    assessment = ImpactSerializer(required=False)
    working_days_before = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    working_days_after = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    dossiers_per_year = serializers.IntegerField(min_value=0, max_value=10**9, default=0)
    explanation = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )


class ProcedureOpinionSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    opinion = serializers.ChoiceField(
        [c for c in DraftProcedure.Opinion.choices if c[0] != DraftProcedure.Opinion.PENDING]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(max_length=5000)
    opinion_on = serializers.DateField()
    procedures = ProcedureOpinionSerializer(many=True, max_length=500)
