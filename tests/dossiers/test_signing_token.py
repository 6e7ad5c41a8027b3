"""Signing with a key on a PKCS#11 token (SoftHSM standing in for a province's HSM): the key
never leaves the token, the result verifies as one signed from a file does, and a token without
the agency's key, or a wrong PIN, signs nothing and records nothing."""

import datetime as dt
import os
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from motcua.dossiers import results, services, signing
from motcua.dossiers.models import Dossier, SignedResult, State
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "4321"


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """A SoftHSM token initialised in a folder of its own (its configuration is read when the
    module is first loaded: one token for the module's tests)."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    init = [
        "--init-token",
        "--free",
        "--label",
        "motcua-test",
        "--pin",
        PIN,
        "--so-pin",
        "87654321",
    ]
    subprocess.run(["softhsm2-util", *init], check=True, capture_output=True)  # noqa: S603, S607
    return "motcua-test"


def put_key_on_token(label: str, name: str) -> None:
    """An EC key made on the token, its certificate issued by the test authority and stored
    beside it, both labelled ``label``."""
    import pkcs11
    from asn1crypto.core import OctetString
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_named_curve_parameters

    token = pkcs11.lib(MODULE).get_token(token_label="motcua-test")
    try:
        session = token.open(rw=True, user_pin=PIN)
    except pkcs11.exceptions.UserAlreadyLoggedIn:  # the application's session logged in already
        session = token.open(rw=True)
    with session:
        curve = session.create_domain_parameters(
            KeyType.EC,
            {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True,
        )
        public, _private = curve.generate_keypair(store=True, label=label, id=label.encode())
        point = OctetString.load(public[Attribute.EC_POINT]).native
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        authority, authority_key = signing.test_authority()
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, name)]))
            .issuer_name(authority.subject)
            .public_key(key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(signing._usage(signing=True), critical=True)
            .add_extension(
                x509.CertificatePolicies([x509.PolicyInformation(signing.TEST_POLICY, None)]),
                critical=False,
            )
            .sign(authority_key, hashes.SHA256())
        )
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
                Attribute.LABEL: label,
                Attribute.ID: label.encode(),
                Attribute.TOKEN: True,
                Attribute.SUBJECT: certificate.subject.public_bytes(),
            }
        )


@pytest.fixture
def deciding(receive, settings, tmp_path, token):
    settings.MEDIA_ROOT = tmp_path
    settings.SIGNING_DIR = tmp_path / "signing"  # the test authority's; no agency key file
    settings.SIGNING_PKCS11_MODULE = MODULE
    settings.SIGNING_PKCS11_TOKEN = token
    settings.SIGNING_PKCS11_PIN = PIN
    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"))
    return dossier


def record(code: str) -> Dossier:
    return services.act(
        code,
        "record_result",
        user=user("stp.lanhdao"),
        number="7/GP",
        signer="Lãnh đạo Sở",
        electronic=True,
    )


def test_a_result_is_signed_on_the_token_and_verifies(deciding, settings):
    agency = deciding.deciding_agency
    settings.SIGNING_PKCS11_PIN = "0000"  # a wrong PIN: the token refuses, nothing recorded
    with pytest.raises(signing.SigningUnavailable):
        record(deciding.code)
    assert Dossier.objects.get(pk=deciding.pk).state == State.PROCESSING
    settings.SIGNING_PKCS11_PIN = PIN
    with pytest.raises(signing.SigningUnavailable):  # no key of this agency on the token yet
        record(deciding.code)
    assert not SignedResult.objects.exists()
    put_key_on_token(agency.code, agency.name)
    dossier = record(deciding.code)
    signed = SignedResult.objects.get(copy__dossier=dossier)
    with signed.copy.file.open("rb") as file:
        verdict = results.verify_file(file.read())
    assert verdict.issued_here and verdict.signature_valid and verdict.signed_by == agency.name
    # No key file was written: the key lives on the token only.
    assert not (signing.Path(settings.SIGNING_DIR) / f"{agency.code}.p12").exists()
