"""Signatures on PDF results: the deciding agency signs (PAdES baseline B, pyHanko), anyone can
check (docs/adr/0020-signing-keys-and-trust.md).

An agency's key and certificate are on a PKCS#11 token (an HSM: ``MOTCUA_SIGNING_PKCS11_MODULE``
and its token, the objects labelled with the agency's code) or, without one, a PKCS#12 file,
``<agency code>.p12`` in ``settings.SIGNING_DIR``, opened with the passphrase in
``<agency code>.pass`` beside it (or ``MOTCUA_SIGNING_PASSPHRASE``). A signature is trusted when
its certificate chains to one of the authorities in ``settings.SIGNING_TRUST_DIR`` (the national
root CA and those it certifies).

The demo's test authority issues certificates that carry ``TEST_POLICY``: with
``settings.SIGNING_TEST_CA`` on it issues an agency's certificate the first time that agency signs
and is trusted; off (every deployment: ``motcua check --deploy``), a certificate carrying the
policy signs nothing and the test authority is not trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

if TYPE_CHECKING:
    from pkcs11 import Session
    from pyhanko.sign.signers import Signer

# A certificate policy of this project's own (a UUID-based OID, ITU-T X.667), in every
# certificate the test authority issues and in no other.
TEST_POLICY = x509.ObjectIdentifier("2.25.156836648112393441321157359036154913433")
TEST_CA_NAME = "motcua — CA THỬ NGHIỆM (không có giá trị pháp lý)"
_TEST_CA_FILE = "test-ca.pem"
_TEST_CA_KEY = "test-ca.key"


class SigningUnavailable(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="signing_unavailable", status=409)


@dataclass(frozen=True)
class Signed:
    data: bytes
    signer: str  # the certificate's common name
    certificate_sha256: str
    signed_at: dt.datetime
    test: bool


@dataclass(frozen=True)
class Check:
    """What one signature of a PDF says: ``intact`` (the bytes it covers are those signed),
    ``valid`` (intact and cryptographically sound), ``trusted`` (its certificate chains to a
    trusted authority), ``whole_file`` (it covers the file to its end: nothing added after)."""

    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    signer: str
    signed_at: dt.datetime | None
    test: bool
    timestamped: bool = False  # by a trusted timestamp authority (PAdES B-T)

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def _is_test(certificate: x509.Certificate) -> bool:
    try:
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return False
    return any(p.policy_identifier == TEST_POLICY for p in policies.value)


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


# --- the test authority -------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua (THỬ NGHIỆM)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


_test_lock = threading.Lock()


def test_authority() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The demo's test CA, made the first time it is needed (ten years, ECDSA P-256)."""
    folder = Path(settings.SIGNING_DIR)
    with _test_lock:
        if not (folder / _TEST_CA_FILE).exists():
            folder.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            now = dt.datetime.now(dt.UTC)
            name = _name(TEST_CA_NAME)
            certificate = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(_usage(signing=False), critical=True)
                .add_extension(
                    x509.CertificatePolicies([x509.PolicyInformation(TEST_POLICY, None)]),
                    critical=False,
                )
                .add_extension(
                    x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
                )
                .sign(key, hashes.SHA256())
            )
            key_file = folder / _TEST_CA_KEY
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            key_file.chmod(0o600)
            (folder / _TEST_CA_FILE).write_bytes(
                certificate.public_bytes(serialization.Encoding.PEM)
            )
        certificate = x509.load_pem_x509_certificate((folder / _TEST_CA_FILE).read_bytes())
        loaded = serialization.load_pem_private_key((folder / _TEST_CA_KEY).read_bytes(), None)
    assert isinstance(loaded, ec.EllipticCurvePrivateKey)
    return certificate, loaded


def issue_test_certificate(agency) -> Path:
    """A test key and certificate for ``agency`` (two years), written as its PKCS#12 file with a
    random passphrase beside it."""
    authority, authority_key = test_authority()
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(agency.name))
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(TEST_POLICY, None)]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe(24).encode()
    folder = Path(settings.SIGNING_DIR)
    bundle = pkcs12.serialize_key_and_certificates(
        agency.code.encode(),
        key,
        certificate,
        [authority],
        serialization.BestAvailableEncryption(passphrase),
    )
    secret = folder / f"{agency.code}.pass"
    secret.write_bytes(passphrase)
    secret.chmod(0o600)
    path = folder / f"{agency.code}.p12"
    path.write_bytes(bundle)
    path.chmod(0o600)
    return path


# --- keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    signer: Signer
    name: str
    fingerprint: str
    test: bool


_keys: dict[tuple, _Key] = {}


def _key_of(agency) -> _Key:
    key = _on_token(agency) if settings.SIGNING_PKCS11_MODULE else _from_file(agency)
    if key.test and not settings.SIGNING_TEST_CA:
        raise SigningUnavailable(
            _("The certificate of %(agency)s is a test certificate: it signs nothing here.")
            % {"agency": agency.name}
        )
    return key


_token_lock = threading.Lock()
_sessions: dict[tuple[str, str], Session] = {}


def _on_token(agency) -> _Key:
    """The agency's key on the PKCS#11 token (an HSM, a USB token): the private key and the
    certificate labelled with the agency's code. The key never leaves the token; the session
    is opened once per process and kept."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as on_token

    where = (settings.SIGNING_PKCS11_MODULE, settings.SIGNING_PKCS11_TOKEN)
    try:
        with _token_lock:
            session = _sessions.get(where)
            if session is None:
                session = _sessions[where] = on_token.open_pkcs11_session(
                    settings.SIGNING_PKCS11_MODULE,
                    token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN),
                    user_pin=settings.SIGNING_PKCS11_PIN or None,
                )
            signer = on_token.PKCS11Signer(
                session,
                cert_label=agency.code,
                key_label=agency.code,
                # Hashed here, signed on the token: not every token hashes (SoftHSM's ECDSA).
                use_raw_mechanism=settings.SIGNING_PKCS11_RAW,
            )
            certificate = x509.load_der_x509_certificate(signer.signing_cert.dump())
    except Exception as error:  # a token absent, locked, or without this agency's key
        raise SigningUnavailable(
            _("The signing token has no usable key for %(agency)s: %(error)s")
            % {"agency": agency.name, "error": error}
        ) from error
    return _Key(
        signer=signer,
        name=_common_name(certificate),
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        test=_is_test(certificate),
    )


def _from_file(agency) -> _Key:
    from pyhanko.sign import signers

    folder = Path(settings.SIGNING_DIR)
    path = folder / f"{agency.code}.p12"
    if not path.exists() and settings.SIGNING_TEST_CA:
        issue_test_certificate(agency)
    if not path.exists():
        raise SigningUnavailable(
            _("%(agency)s has no signing certificate: the result cannot be issued electronically.")
            % {"agency": agency.name}
        )
    secret = folder / f"{agency.code}.pass"
    # Kept while neither file changes: opening a PKCS#12 file costs more than a signature.
    cache_key = (str(path), path.stat().st_mtime_ns, secret.exists() and secret.stat().st_mtime_ns)
    if cache_key in _keys:
        key = _keys[cache_key]
    else:
        passphrase = (
            secret.read_bytes().strip() if secret.exists() else settings.SIGNING_PASSPHRASE.encode()
        )
        bundle = path.read_bytes()
        try:
            _key, certificate, _chain = pkcs12.load_key_and_certificates(bundle, passphrase or None)
            signer = signers.SimpleSigner.load_pkcs12_data(
                bundle, [], passphrase=passphrase or None
            )
        except ValueError as error:
            raise SigningUnavailable(
                _(
                    "The signing key of %(agency)s cannot be opened (wrong passphrase or damaged file)."
                )
                % {"agency": agency.name}
            ) from error
        assert certificate is not None
        key = _Key(
            signer=signer,
            name=_common_name(certificate),
            fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
            test=_is_test(certificate),
        )
        _keys[cache_key] = key
    return key


def is_test_key(agency) -> bool:
    """Whether ``agency`` signs with a test certificate (raises when it cannot sign at all)."""
    return _key_of(agency).test


def sign(pdf: bytes, agency, *, reason: str) -> Signed:
    """``pdf`` signed by ``agency`` (an invisible PAdES signature over the whole file)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    key = _key_of(agency)
    metadata = signers.PdfSignatureMetadata(
        field_name="KetQua",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=settings.SIGNING_LOCATION,
        name=key.name,
    )
    # PAdES B-T where a timestamp authority is configured: the moment of signing attested by a
    # third party, not only the signer's clock.
    timestamper = (
        timestamps.HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=settings.SIGNING_TSA_TIMEOUT)
        if settings.SIGNING_TSA_URL
        else None
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        # A token's session serves one operation at a time.
        with _token_lock if settings.SIGNING_PKCS11_MODULE else contextlib.nullcontext():
            out = signers.sign_pdf(writer, metadata, signer=key.signer, timestamper=timestamper)
    except Exception as error:  # any failure of the key or the library: nothing is issued
        raise SigningUnavailable(
            _("The result could not be signed: %(error)s") % {"error": error}
        ) from error
    return Signed(
        data=out.getvalue(),
        signer=key.name,
        certificate_sha256=key.fingerprint,
        signed_at=dt.datetime.now(dt.UTC),
        test=key.test,
    )


# --- checking -----------------------------------------------------------------------------


def trust_roots() -> list:
    """The authorities a signature is checked against (asn1crypto certificates)."""
    roots = []
    folder = Path(settings.SIGNING_TRUST_DIR)
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    if settings.SIGNING_TEST_CA:
        files.append(Path(settings.SIGNING_DIR) / _TEST_CA_FILE)
    for path in files:
        if not path.is_file():
            continue
        raw = path.read_bytes()
        try:
            if b"-----BEGIN" in raw:
                certificate = x509.load_pem_x509_certificate(raw)
            else:
                certificate = x509.load_der_x509_certificate(raw)
        except ValueError:
            continue  # not a certificate: a stray file is not an authority
        if _is_test(certificate) and not settings.SIGNING_TEST_CA:
            continue
        roots.append(
            asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
        )
    return roots


class UnreadablePdf(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("This file is not a PDF that can be read (damaged, encrypted or not a PDF)."),
            code="unreadable_pdf",
            fields={"file": [_("Choose the PDF file of the result.")]},
        )


def check(pdf: bytes) -> list[Check]:
    """Every signature of ``pdf``, checked against ``trust_roots()`` (offline: nothing fetched)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise UnreadablePdf()
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise UnreadablePdf() from error
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    checks = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as error:
            del error  # a signature that cannot even be read is not a valid one
            checks.append(Check(False, False, False, False, "", None, False))
            continue
        certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
        stamp = status.timestamp_validity
        checks.append(
            Check(
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                signer=_common_name(certificate),
                # A timestamp authority's time when there is one it is sound, else the signer's.
                signed_at=stamp.timestamp
                if stamp is not None and stamp.valid
                else status.signer_reported_dt,
                test=_is_test(certificate),
                timestamped=stamp is not None and bool(stamp.valid and stamp.trusted),
            )
        )
    return checks


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def examine(data: bytes, content_type: str) -> tuple[str, str]:
    """What a stored file's signatures say, for the officer beside the document: ``("", "")``
    when it is not a PDF or carries none (or cannot be read: the file is kept all the same),
    else ``(valid | untrusted | invalid, the last signer's name)``."""
    if content_type != "application/pdf" or b"/ByteRange" not in data:
        return "", ""  # no signature dictionary at all: nothing to parse
    try:
        checks = check(data)
    except UnreadablePdf:
        return "", ""
    if not checks:
        return "", ""
    signer = checks[-1].signer[:255]
    if not all(c.intact and c.valid and c.whole_file for c in checks):
        return "invalid", signer
    if not all(c.trusted for c in checks):
        return "untrusted", signer
    return "valid", signer
