"""/api/v1/: certificate status, a program's certified holders, a consenting applicant's
pathway. Thin: parse with a serializer, read a selector, answer the public facts."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from certification.pathway import StepState, pathway_for
from certification.selectors import find_by_number_and_surname
from programs.models import TrainingProgram

from . import selectors
from .models import PartnerKey
from .outbox import certificate_facts
from .rest import Cursor, PartnerAPIView
from .serializers import (
    CertificateSerializer,
    ErrorSerializer,
    LookupQuerySerializer,
    PathwayQuerySerializer,
    PathwaySerializer,
)

Scope = PartnerKey.Scope
ERRORS = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer}
NOT_FOUND = "No certificate matches."


class CertificateByCode(PartnerAPIView):
    @extend_schema(
        operation_id="certificate_by_code",
        summary="A certificate's status by its verification code (the QR code's)",
        responses={200: CertificateSerializer, **ERRORS},
    )
    def get(self, request, code: str):
        certificate = selectors.published_certificates().filter(verification_code=code).first()
        if certificate is None:
            raise exceptions.NotFound(NOT_FOUND, "not_found")
        return Response(CertificateSerializer(certificate_facts(certificate)).data)


class CertificateLookup(PartnerAPIView):
    @extend_schema(
        operation_id="certificate_lookup",
        summary="A certificate's status by its number and its holder's family name",
        parameters=[LookupQuerySerializer],
        responses={200: CertificateSerializer, 400: ErrorSerializer, **ERRORS},
    )
    def get(self, request):
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = find_by_number_and_surname(
            query.validated_data["number"], query.validated_data["family_name"]
        )
        # Same answer whichever half was wrong, as on the public lookup page.
        if found is None:
            raise exceptions.NotFound(NOT_FOUND, "not_found")
        certificate = selectors.published_certificates().get(pk=found.pk)
        return Response(CertificateSerializer(certificate_facts(certificate)).data)


class ProgramHolders(PartnerAPIView, generics.ListAPIView):
    required_scopes = (Scope.PROGRAM,)
    serializer_class = CertificateSerializer
    pagination_class = Cursor

    @extend_schema(
        operation_id="program_holders",
        summary="The certified holders of a program (a key scoped to that program)",
        responses={200: CertificateSerializer(many=True), **ERRORS},
    )
    def get(self, request, program_id: int):
        if request.auth.program_id != program_id:
            raise exceptions.PermissionDenied(
                "This API key is scoped to another program.", "out_of_scope"
            )
        get_object_or_404(TrainingProgram, pk=program_id)
        return self.list(request)

    def get_queryset(self):
        return selectors.certified_holders(self.kwargs["program_id"])


class ApplicantPathway(PartnerAPIView):
    required_scopes = (Scope.PATHWAY,)

    @extend_schema(
        operation_id="applicant_pathway",
        summary="Where an applicant who consented to your organization stands",
        parameters=[PathwayQuerySerializer],
        responses={200: PathwaySerializer, 400: ErrorSerializer, **ERRORS},
    )
    def get(self, request):
        query = PathwayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        applicant = selectors.consenting_applicant(
            partner=request.auth.partner, email=query.validated_data["email"]
        )
        if applicant is None:
            raise exceptions.NotFound(
                "No applicant with this address consents to your organization.", "no_consent"
            )
        steps = pathway_for(applicant)
        data = {
            "certified": all(step.state == StepState.COMPLETE for step in steps),
            "steps": [
                {
                    "number": step.number,
                    "title": step.title,
                    "state": step.state,
                    "done": step.done,
                    "total": step.total,
                    "missing": step.missing,
                }
                for step in steps
            ],
        }
        return Response(PathwaySerializer(data).data)
