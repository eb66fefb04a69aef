"""The node's configuration: one frozen dataclass, loaded once at the edge from flags, environment and file.

Precedence, highest first: command-line flags, ``NCEN_*`` environment variables, the data directory's
``ncen.toml``, built-in defaults. Secrets (the key passphrase, the first administrator's password) are read
from the environment only, never from the config file, and are never shown in a repr or a log.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from node.languages import LANGUAGES

CONFIG_FILE = "ncen.toml"
DEFAULT_DATA_DIR = Path("ncen-data")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(Exception):
    """A configuration value is missing, malformed or out of range; the message names it and its source."""


@dataclass(frozen=True, slots=True)
class Setting:
    """How one configuration field is read, checked and documented."""

    name: str
    env: str
    help: str
    parse: Callable[[Any], Any]
    in_file: bool = True
    secret: bool = False


def _port(value: Any) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError("must be a whole number") from exc
    if isinstance(value, bool) or not 1 <= port <= 65535:
        raise ValueError("must be between 1 and 65535")
    return port


def _positive(limit: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValueError("must be a whole number") from exc
        if isinstance(value, bool) or not 1 <= number <= limit:
            raise ValueError(f"must be between 1 and {limit}")
        return number

    return parse


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _host(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise ValueError("must not be empty")
    if text != "localhost":
        try:
            ipaddress.ip_address(text)
        except ValueError:
            if not all(part.isalnum() or "-" in part for part in text.split(".")):
                raise ValueError("must be an IP address or a host name") from None
    return text


def _url(value: Any) -> str:
    text = _text(value).strip().rstrip("/")
    if text and not text.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return text


def _level(value: Any) -> str:
    text = _text(value).upper()
    if text not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return text


def _language(value: Any) -> str:
    text = _text(value).lower()
    if text not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return text


def _timezone(value: Any) -> str:
    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as Africa/Windhoek or UTC") from None
    return text


def _tls(value: Any) -> str:
    text = _text(value).lower()
    if text not in ("auto", "on", "off"):
        raise ValueError("must be auto, on or off")
    return text


def _optional_path(value: Any) -> str:
    return _text(value).strip()


def _data_dir(value: Any) -> Path:
    text = _text(value) if not isinstance(value, Path) else str(value)
    if not text.strip():
        raise ValueError("must not be empty")
    return Path(text).expanduser()


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "NCEN_DATA", "Data directory: database, keys, attachments, config file.", _data_dir,
            in_file=False),
    Setting("host", "NCEN_HOST", "Address to listen on.", _host),
    Setting("port", "NCEN_PORT", "TCP port to listen on.", _port),
    Setting("public_url", "NCEN_PUBLIC_URL",
            "URL other administrations use to reach this node (defaults to http://HOST:PORT).", _url),
    Setting("log_level", "NCEN_LOG_LEVEL", "DEBUG, INFO, WARNING or ERROR.", _level),
    Setting("language", "NCEN_LANGUAGE", "Default interface language for new users and the login page.",
            _language),
    Setting("timezone", "NCEN_TIMEZONE", "Time zone in which dates are shown.", _timezone),
    Setting("session_idle_minutes", "NCEN_SESSION_IDLE_MINUTES", "Minutes of inactivity before a session ends.",
            _positive(7 * 24 * 60)),
    Setting("login_max_failures", "NCEN_LOGIN_MAX_FAILURES",
            "Failed sign-ins allowed per account or address before a lockout.", _positive(1000)),
    Setting("login_lockout_minutes", "NCEN_LOGIN_LOCKOUT_MINUTES",
            "Minutes the lockout lasts; failures older than this are forgotten.", _positive(24 * 60)),
    Setting("max_upload_mb", "NCEN_MAX_UPLOAD_MB", "Largest file a user may upload, in megabytes.",
            _positive(1024)),
    Setting("max_image_megapixels", "NCEN_MAX_IMAGE_MEGAPIXELS",
            "Largest picture accepted, in millions of pixels (a guard against decompression bombs).", _positive(89)),
    Setting("sync_interval_seconds", "NCEN_SYNC_INTERVAL_SECONDS",
            "Seconds between pulls from each peer when nothing wakes the exchange earlier.", _positive(86_400)),
    Setting("tls", "NCEN_TLS",
            "HTTPS with the node's certificate: auto (when listening beyond loopback), on or off.", _tls),
    Setting("tls_cert_file", "NCEN_TLS_CERT_FILE",
            "Certificate to serve instead of the node's self-signed one (PEM); peers pin its fingerprint.",
            _optional_path),
    Setting("tls_key_file", "NCEN_TLS_KEY_FILE", "Private key of tls_cert_file (PEM).", _optional_path),
    Setting("discovery", "NCEN_DISCOVERY",
            "Announce and look for nodes on the local network (zeroconf): auto (beyond loopback), on or off.",
            _tls),
    Setting("key_passphrase", "NCEN_KEY_PASSPHRASE", "Passphrase that encrypts the node's private key file.",
            _text, in_file=False, secret=True),
    Setting("admin_password", "NCEN_ADMIN_PASSWORD",
            "Password of the first administrator when a node is initialised (otherwise one is generated).",
            _text, in_file=False, secret=True),
)


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a node needs to start; built by ``load_config`` or directly in tests."""

    data_dir: Path = DEFAULT_DATA_DIR
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str = ""
    log_level: str = "INFO"
    language: str = "en"
    timezone: str = "UTC"
    session_idle_minutes: int = 480
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    max_upload_mb: int = 20
    max_image_megapixels: int = 50
    sync_interval_seconds: int = 300
    tls: str = "auto"
    tls_cert_file: str = ""
    tls_key_file: str = ""
    discovery: str = "auto"
    key_passphrase: str = field(default="", repr=False)
    admin_password: str = field(default="", repr=False)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def db_path(self) -> Path:
        """Return the SQLite database file."""
        return self.data_dir / "ncen.db"

    @property
    def key_path(self) -> Path:
        """Return the node's private key file."""
        return self.data_dir / "keys" / "node.key"

    @property
    def attachments_dir(self) -> Path:
        """Return the content-addressed attachment store."""
        return self.data_dir / "attachments"

    @property
    def config_path(self) -> Path:
        """Return the config file."""
        return self.data_dir / CONFIG_FILE

    @property
    def log_path(self) -> Path:
        """Return the node's log file."""
        return self.data_dir / "logs" / "ncen.log"

    @property
    def advertised_url(self) -> str:
        """Return the URL peers should use, from ``public_url`` or the listening address."""
        if self.public_url:
            return self.public_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.uses_tls else 'http'}://{host}:{self.port}"

    @property
    def uses_tls(self) -> bool:
        """Tell whether the node serves HTTPS."""
        if self.tls == "auto":
            return not _loopback(self.host)
        return self.tls == "on"

    @property
    def uses_discovery(self) -> bool:
        """Tell whether the node announces itself and looks for others on the local network."""
        if self.discovery == "auto":
            return not _loopback(self.host)
        return self.discovery == "on"

    @property
    def max_upload_bytes(self) -> int:
        """Return the upload cap in bytes."""
        return self.max_upload_mb * 1024 * 1024


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_config_file(path: Path) -> dict[str, Any]:
    """Read ``ncen.toml`` (an absent file is empty).

    Raises:
        ConfigError: the file is unreadable, not TOML, or names an unknown or environment-only setting.
    """
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no file yet; a data directory that cannot exist is reported when it is used
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    allowed = {s.name for s in SETTINGS if s.in_file}
    for key in data:
        if key not in allowed:
            hint = " (set it in the environment instead)" if key in {s.name for s in SETTINGS} else ""
            raise ConfigError(f"config file {path}: unknown setting {key!r}{hint}")
    return data


def load_config(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Config:
    """Build the config from flags (None means not given), ``NCEN_*`` environment and the config file.

    Raises:
        ConfigError: a value is invalid; the message names the setting and where it came from.
    """
    env = os.environ if environ is None else environ
    by_name = {s.name: s for s in SETTINGS}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def take(setting: Setting, raw: Any, source: str) -> None:
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.name} ({source}): {exc}") from None
        sources[setting.name] = source

    data_setting = by_name["data_dir"]
    if flags.get("data_dir") is not None:
        take(data_setting, flags["data_dir"], "--data")
    elif env.get(data_setting.env):
        take(data_setting, env[data_setting.env], data_setting.env)
    else:
        values["data_dir"], sources["data_dir"] = DEFAULT_DATA_DIR, "default"
    config_path = values["data_dir"] / CONFIG_FILE
    from_file = read_config_file(config_path)

    for setting in SETTINGS:
        if setting.name == "data_dir":
            continue
        if flags.get(setting.name) is not None:
            take(setting, flags[setting.name], "--" + setting.name.replace("_", "-"))
        elif env.get(setting.env) not in (None, ""):
            take(setting, env[setting.env], setting.env)
        elif setting.name in from_file:
            take(setting, from_file[setting.name], str(config_path))
        else:
            sources[setting.name] = "default"
    return Config(**values, sources=sources)


def describe(config: Config) -> list[tuple[str, str, str]]:
    """Return (setting, shown value, source) for display, with secrets masked."""
    rows = []
    by_name = {s.name: s for s in SETTINGS}
    for f in fields(config):
        if f.name == "sources":
            continue
        value = getattr(config, f.name)
        shown = ("(set)" if value else "(not set)") if by_name[f.name].secret else str(value)
        rows.append((f.name, shown, config.sources.get(f.name, "default")))
    return rows
