from rest_framework import serializers

from certification.models import Certificate


class CertificateSerializer(serializers.Serializer):
    """The public facts of a certificate: what the verification page shows, nothing more."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=Certificate.PublicStatus.choices)
    holder_name = serializers.CharField()
    program_name = serializers.CharField()
    accreditation_body = serializers.CharField()
    accreditation_number = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)
    verification_url = serializers.URLField()

    def to_representation(self, instance):
        if isinstance(instance, Certificate):
            from .outbox import certificate_facts

            instance = certificate_facts(instance)
        return super().to_representation(instance)


class LookupQuerySerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32)
    family_name = serializers.CharField(max_length=150)


class PathwayQuerySerializer(serializers.Serializer):
    email = serializers.EmailField()


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=["not_started", "in_progress", "complete", "blocked"])
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


class PathwaySerializer(serializers.Serializer):
    certified = serializers.BooleanField()
    steps = StepSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
