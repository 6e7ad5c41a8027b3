from rest_framework import serializers

from motcua.agencies.models import Agency


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    level_name = serializers.CharField(source="get_level_display")
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    successors = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "level_name",
            "parent",
            "address",
            "one_stop",
            "valid_from",
            "valid_to",
            "successors",
        ]

    def get_successors(self, obj: Agency) -> list[str]:
        return [a.code for a in obj.successors.all()]


class AgencyQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Agency.Level.choices, required=False)
    parent = serializers.CharField(required=False, max_length=20)
    as_of = serializers.DateField(required=False)
