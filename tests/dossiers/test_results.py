"""Electronic results: signed by the deciding agency when recorded, checked by anyone — and
never recorded as issued when the signature could not be made."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers import results, services, signing
from motcua.dossiers.models import DigitizedCopy, Dossier, SignedResult, State
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/results/verify"


@pytest.fixture
def deciding(receive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"))
    return dossier


def record(code: str, **extra) -> Dossier:
    return services.act(
        code,
        "record_result",
        user=user("stp.lanhdao"),
        number="15/GP-STP",
        signer="Nguyễn Văn Bình",
        summary="Cấp giấy phép.",
        electronic=True,
        **extra,
    )


def pdf_of(dossier: Dossier) -> bytes:
    copy = dossier.scans.get(kind=DigitizedCopy.Kind.RESULT)
    with copy.file.open("rb") as file:
        return file.read()


def test_a_result_recorded_as_electronic_is_signed_kept_and_counted(deciding, stp):
    dossier = record(deciding.code)
    assert dossier.state == State.RESOLVED and dossier.result_digitized
    signed = SignedResult.objects.get(copy__dossier=dossier)
    assert signed.number == "15/GP-STP" and signed.agency == stp and signed.test
    data = pdf_of(dossier)
    assert signed.copy.sha256 == signing.sha256(data) and data.startswith(b"%PDF")
    event = dossier.events.get(action="record_result")
    assert event.data["electronic"] and event.data["sha256"] == signed.copy.sha256
    verdict = results.verify_file(data)
    assert verdict.issued_here and verdict.signature_valid is True
    assert (verdict.dossier, verdict.result_number) == (dossier.code, "15/GP-STP")
    assert verdict.signed_by == stp.name and verdict.test and not verdict.revoked


def test_a_changed_byte_breaks_the_signature_and_the_match(deciding):
    data = pdf_of(record(deciding.code))
    assert b"WeasyPrint" in data
    forged = data.replace(b"WeasyPrint", b"WeasyPrinT", 1)
    verdict = results.verify_file(forged)
    assert verdict.issued_here is False and verdict.signature_valid is False


def test_a_page_added_after_signing_is_not_valid(deciding):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data = pdf_of(record(deciding.code))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.set_info(writer.trailer["/Info"])  # an update after the signature: metadata only
    out = io.BytesIO()
    writer.write(out)
    checks = signing.check(out.getvalue())
    assert checks and not checks[0].whole_file
    assert results.verify_file(out.getvalue()).signature_valid is False


def test_a_signature_by_an_authority_not_trusted_is_not_valid(deciding, settings, tmp_path):
    data = pdf_of(record(deciding.code))
    settings.SIGNING_TEST_CA = False  # the test authority is no longer trusted
    verdict = results.verify_file(data)
    assert verdict.issued_here is True  # still the very file issued here
    assert verdict.signature_valid is False


def test_without_a_key_nothing_is_recorded(deciding, settings, tmp_path):
    settings.SIGNING_TEST_CA = False
    settings.SIGNING_DIR = tmp_path / "empty"
    events = deciding.events.count()
    with pytest.raises(signing.SigningUnavailable) as refused:
        record(deciding.code)
    assert refused.value.code == "signing_unavailable" and refused.value.status_code == 409
    dossier = Dossier.objects.get(pk=deciding.pk)
    assert dossier.state == State.PROCESSING and not dossier.result_number
    assert not DigitizedCopy.objects.exists() and not SignedResult.objects.exists()
    assert dossier.events.count() == events


def test_a_test_certificate_signs_nothing_when_the_test_authority_is_off(deciding, settings):
    record_ok = record(deciding.code)  # the agency's test key now exists
    assert record_ok.state == State.RESOLVED
    settings.SIGNING_TEST_CA = False
    with pytest.raises(signing.SigningUnavailable):
        signing.sign(pdf_of(record_ok), record_ok.deciding_agency, reason="x")


def test_a_wrong_passphrase_is_a_clear_refusal(deciding, settings, tmp_path):
    settings.SIGNING_DIR = tmp_path / "keys"
    agency = deciding.deciding_agency
    signing.issue_test_certificate(agency)
    (signing.Path(settings.SIGNING_DIR) / f"{agency.code}.pass").write_bytes(b"wrong")
    with pytest.raises(signing.SigningUnavailable) as refused:
        record(deciding.code)
    assert "passphrase" in str(refused.value) or "mật khẩu" in str(refused.value)
    assert Dossier.objects.get(pk=deciding.pk).state == State.PROCESSING


def test_a_result_is_found_by_its_dossier_code_and_number(deciding):
    dossier = record(deciding.code)
    found = results.verify_number(dossier.code, "15/GP-STP")
    assert found.issued_here and found.signature_valid is None and found.signed_by
    assert not results.verify_number(dossier.code, "16/GP-STP").issued_here
    with pytest.raises(DomainError) as missing:
        results.verify_number("", "")
    assert set(missing.value.fields) == {"dossier", "result_number"}


def test_the_deciding_agency_revokes_a_result_and_the_check_says_so(client, deciding):
    dossier = record(deciding.code)
    with pytest.raises(PermissionDenied):  # the desk is not the deciding agency's leadership
        results.revoke(dossier.code, user=user("skhdt.lanhdao"), reason="Nhầm")
    with pytest.raises(DomainError) as refused:
        results.revoke(dossier.code, user=user("stp.lanhdao"), reason=" ")
    assert "reason" in refused.value.fields
    client.force_login(user("stp.lanhdao"))
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert "Thu hồi kết quả điện tử này" in page
    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/thu-hoi-ket-qua/",
        {"reason": "Sai thông tin người được cấp"},
    )
    assert response.status_code == 302
    verdict = results.verify_file(pdf_of(dossier))
    assert verdict.issued_here and verdict.signature_valid and verdict.revoked
    assert dossier.events.filter(action="revoke_result").exists()
    again = client.post(f"/mot-cua/ho-so/{dossier.code}/thu-hoi-ket-qua/", {"reason": "Lần nữa"})
    assert again.status_code == 409  # nothing in force to revoke


def test_unreadable_files_are_clear_errors(deciding):
    for data in (b"%PDF-1.7\n garbage", b"not a pdf at all", b"%PDF-1.4\n1 0 obj<<>>endobj\n"):
        try:
            verdict = results.verify_file(data)
        except DomainError as error:
            assert error.code == "unreadable_pdf"
        else:  # a readable PDF without a signature: not ours, nothing signed
            assert verdict.issued_here is False and verdict.signature_valid is None


def test_an_encrypted_pdf_is_refused_clearly(deciding):
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf_of(record(deciding.code)))))
    writer._assign_security_handler(StandardSecurityHandler.build_from_pw("owner", "user"))
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DomainError) as refused:
        results.verify_file(out.getvalue())
    assert refused.value.code == "unreadable_pdf"


def test_the_api_checks_a_file_or_a_number_for_anyone(api, deciding, settings):
    dossier = record(deciding.code)
    api.force_authenticate(None)
    body = api.post(
        VERIFY, {"file": SimpleUploadedFile("kq.pdf", pdf_of(dossier))}, format="multipart"
    )
    assert body.status_code == 200, body.json()
    verdict = body.json()
    assert set(verdict) >= {
        "issued_here",
        "signature_valid",
        "signed_by",
        "signed_at",
        "dossier",
        "result_number",
        "revoked",
    }
    assert verdict["issued_here"] and verdict["signature_valid"] and not verdict["revoked"]
    assert verdict["dossier"] == dossier.code and verdict["result_number"] == "15/GP-STP"
    # Nothing personal beyond the document: no applicant, no ID number.
    assert (
        "Nguyễn Văn An" not in body.content.decode() and "006090001234" not in body.content.decode()
    )
    by_number = api.post(VERIFY, {"dossier": dossier.code, "result_number": "15/GP-STP"})
    assert by_number.status_code == 200 and by_number.json()["issued_here"] is True
    empty = api.post(VERIFY, {}, format="multipart")
    assert empty.status_code == 400 and empty.json()["code"]
    bad = api.post(VERIFY, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90")}, format="multipart")
    assert bad.status_code == 400 and bad.json()["code"] == "unreadable_pdf"


def test_the_api_is_rate_limited_by_address(api, deciding, settings):
    settings.VERIFY_RATE = "3/60"
    for _ in range(3):
        assert api.post(VERIFY, {"dossier": "X", "result_number": "1"}).status_code == 200
    assert api.post(VERIFY, {"dossier": "X", "result_number": "1"}).status_code == 429


def test_the_public_page_checks_an_upload_and_the_qr_codes_link(client, deciding):
    dossier = record(deciding.code)
    page = client.post(
        "/portal/kiem-tra-ket-qua/", {"tep": SimpleUploadedFile("kq.pdf", pdf_of(dossier))}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Đây là kết quả đã cấp, không bị thay đổi." in text and dossier.code in text
    assert "Nguyễn Văn An" not in text  # the applicant is not shown
    forged = pdf_of(dossier).replace(b"WeasyPrint", b"WeasyPrinT", 1)
    page = client.post("/portal/kiem-tra-ket-qua/", {"tep": SimpleUploadedFile("kq.pdf", forged)})
    assert "không phải kết quả do hệ thống cấp" in page.content.decode()
    # The QR code on the result opens the page with its code and number.
    link = results.verify_url(dossier.code, "15/GP-STP")
    qr = client.get(f"{urlsplit(link).path}?{urlsplit(link).query}")
    assert "Kết quả với số này đã được cấp cho hồ sơ này." in qr.content.decode()
    empty = client.post("/portal/kiem-tra-ket-qua/", {})
    assert (
        empty.status_code == 400 and "hoặc nhập cả mã hồ sơ và số kết quả" in empty.content.decode()
    )
    junk = client.post(
        "/portal/kiem-tra-ket-qua/", {"tep": SimpleUploadedFile("kq.pdf", b"\x00" * 100)}
    )
    assert junk.status_code == 400


def _self_signed_pdf(pdf: bytes) -> bytes:
    """``pdf`` signed by a key whose certificate no authority here vouches for."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Công ty Không Rõ")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        b"x", key, certificate, None, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner.load_pkcs12_data(bundle, [])
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Sig"),
        signer=signer,
    )
    return out.getvalue()


def test_signed_papers_are_checked_when_they_arrive(api, deciding, receive):
    """An applicant's paper signed digitally is shown to the officer with what its signature
    says: valid (a trusted authority), not trusted, or changed after signing."""
    signed = pdf_of(record(deciding.code))  # a result of ours, handed in for another dossier
    unsigned = results.render(
        deciding, number="1", date=deciding.received_at.date(), signer="A", summary="", test=True
    )
    other = receive()
    document = other.documents.get()
    api.force_authenticate(user("stp.motcua"))
    seen = {}
    for name, data in (
        ("valid", signed),
        ("untrusted", _self_signed_pdf(unsigned)),
        ("invalid", signed.replace(b"WeasyPrint", b"WeasyPrinT", 1)),
        ("", unsigned),
    ):
        response = api.post(
            f"/api/v1/dossiers/{other.code}/scans",
            {
                "file": SimpleUploadedFile(f"{name}.pdf", data),
                "pages": "1",
                "document": document.pk,
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        seen[name] = (response.json()["signature_check"], response.json()["signature_signer"])
    assert seen["valid"] == ("valid", deciding.deciding_agency.name)
    assert seen["untrusted"] == ("untrusted", "Công ty Không Rõ")
    assert seen["invalid"][0] == "invalid"
    assert seen[""] == ("", "")


@pytest.fixture
def timestamp_authority(settings):
    """An RFC 3161 timestamp authority on loopback, its certificate from the test authority."""
    import datetime as dt
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    authority, authority_key = signing.test_authority()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's: RSA only
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "TSA thử")]))
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .sign(authority_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SIGNING_TSA_URL = f"http://127.0.0.1:{server.server_port}/"
    yield
    server.shutdown()


def test_with_a_timestamp_authority_the_moment_of_signing_is_attested(
    deciding, timestamp_authority
):
    dossier = record(deciding.code)
    checks = signing.check(pdf_of(dossier))
    assert len(checks) == 1 and checks[0].good and checks[0].timestamped
    assert results.verify_file(pdf_of(dossier)).signature_valid


def test_an_unreachable_timestamp_authority_leaves_the_result_unrecorded(deciding, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"  # nothing listens there
    settings.SIGNING_TSA_TIMEOUT = 2
    with pytest.raises(signing.SigningUnavailable):
        record(deciding.code)
    assert Dossier.objects.get(pk=deciding.pk).state == State.PROCESSING
    assert not SignedResult.objects.exists()
