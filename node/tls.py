"""The node's TLS certificate: self-signed, made once, pinned by peers through the SHA-256 in the card.

Between machines Icomm runs only over HTTPS, and peers trust exactly the certificate whose fingerprint the
card carries (no CA, no host-name check: docs/protocol.md section 2). The same certificate serves the web
interface; an administration may use its own certificate instead (``tls_cert_file``/``tls_key_file``), whose
fingerprint the card then carries.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import socket
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_NAME = "tls-cert.pem"
KEY_NAME = "tls-key.pem"
VALIDITY = datetime.timedelta(days=3650)


class TlsError(Exception):
    """The certificate or its key cannot be made or read."""


def is_loopback_host(host: str) -> bool:
    """Tell whether a listening address is loopback only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_certificate(keys_dir: Path, *, common_name: str, host: str, now: datetime.datetime) -> tuple[Path, Path]:
    """Return the node's certificate and key files, making a self-signed pair the first time."""
    cert_path, key_path = keys_dir / CERT_NAME, keys_dir / KEY_NAME
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.DNSName(socket.gethostname())]
    for address in {host, "127.0.0.1"}:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(address)))
        except ValueError:
            if address and address != "0.0.0.0":  # noqa: S104 - a listening address, not a bind here
                names.append(x509.DNSName(address))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64] or "ncen node"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ncen")])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + VALIDITY)
                   .add_extension(x509.SubjectAlternativeName(names), critical=False)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    except OSError as exc:
        raise TlsError(f"cannot write the TLS certificate in {keys_dir}: {exc.strerror or exc}") from exc
    return cert_path, key_path


def certificate_sha256(cert_path: Path) -> str:
    """Return the SHA-256 of a certificate's DER encoding, as the card's ``tls_sha256``."""
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TlsError(f"cannot read the TLS certificate {cert_path}: {exc}") from exc
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def server_context(cert_path: Path, key_path: Path) -> ssl.SSLContext:
    """Return the TLS context the node serves with (TLS 1.2 or later)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert_path, key_path)
    except (OSError, ssl.SSLError) as exc:
        raise TlsError(f"cannot use the TLS certificate {cert_path}: {exc}") from exc
    return context


def certificate_files(*, keys_dir: Path, cert_file: str, key_file: str, common_name: str, host: str,
                      now: datetime.datetime) -> tuple[Path, Path]:
    """Return the certificate and key to serve: the administration's own, or the node's self-signed pair."""
    if cert_file or key_file:
        if not (cert_file and key_file):
            raise TlsError("set both tls_cert_file and tls_key_file, or neither")
        return Path(cert_file), Path(key_file)
    return ensure_certificate(keys_dir, common_name=common_name, host=host, now=now)
