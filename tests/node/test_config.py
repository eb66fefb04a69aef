"""Configuration: flags over environment over the config file over defaults, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from node.config import SETTINGS, ConfigError, load_config


def write_config(directory: Path, text: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ncen.toml").write_text(text, encoding="utf-8")


def test_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    config = load_config({"data_dir": str(tmp_path)}, {})
    assert (config.host, config.port, config.language) == ("127.0.0.1", 8080, "en")
    assert config.sources["port"] == "default"


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    write_config(tmp_path, 'port = 9001\nhost = "0.0.0.0"\nlanguage = "fr"\n')
    env = {"NCEN_PORT": "9002", "NCEN_HOST": "127.0.0.2"}
    config = load_config({"data_dir": str(tmp_path), "port": "9003"}, env)
    assert config.port == 9003 and config.sources["port"] == "--port"
    assert config.host == "127.0.0.2" and config.sources["host"] == "NCEN_HOST"
    assert config.language == "fr" and config.sources["language"].endswith("ncen.toml")


def test_data_directory_comes_from_the_environment(tmp_path: Path) -> None:
    write_config(tmp_path / "elsewhere", "port = 9100\n")
    config = load_config({}, {"NCEN_DATA": str(tmp_path / "elsewhere")})
    assert config.data_dir == tmp_path / "elsewhere" and config.port == 9100


@pytest.mark.parametrize(("flags", "env", "message"), [
    ({"port": "eighty"}, {}, "port (--port): must be a whole number"),
    ({"port": "70000"}, {}, "port (--port): must be between 1 and 65535"),
    ({}, {"NCEN_LOG_LEVEL": "LOUD"}, "log_level (NCEN_LOG_LEVEL): must be one of"),
    ({}, {"NCEN_LANGUAGE": "de"}, "language (NCEN_LANGUAGE): must be one of en, fr"),
    ({}, {"NCEN_TIMEZONE": "Mars/Olympus"}, "timezone (NCEN_TIMEZONE): must be an IANA time zone"),
    ({"public_url": "ftp://x"}, {}, "public_url (--public-url): must start with http"),
    ({}, {"NCEN_MAX_UPLOAD_MB": "0"}, "max_upload_mb (NCEN_MAX_UPLOAD_MB): must be between 1"),
])
def test_bad_values_name_the_setting_and_where_it_came_from(tmp_path: Path, flags: dict, env: dict,
                                                             message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"data_dir": str(tmp_path), **flags}, env)
    assert message in str(caught.value)


def test_bad_value_in_the_file_names_the_file(tmp_path: Path) -> None:
    write_config(tmp_path, 'port = "http"\n')
    with pytest.raises(ConfigError, match=r"port \(.*ncen.toml\): must be a whole number"):
        load_config({"data_dir": str(tmp_path)}, {})


def test_corrupt_config_file_is_reported_with_its_path(tmp_path: Path) -> None:
    write_config(tmp_path, "port = = 3\n[[[")
    with pytest.raises(ConfigError, match=r"ncen.toml is not valid TOML"):
        load_config({"data_dir": str(tmp_path)}, {})


def test_unknown_setting_in_file_is_refused(tmp_path: Path) -> None:
    write_config(tmp_path, "prot = 8080\n")
    with pytest.raises(ConfigError, match="unknown setting 'prot'"):
        load_config({"data_dir": str(tmp_path)}, {})


def test_secrets_are_refused_in_the_file_and_hidden_from_repr(tmp_path: Path) -> None:
    write_config(tmp_path, 'key_passphrase = "hunter2hunter2"\n')
    with pytest.raises(ConfigError, match="set it in the environment instead"):
        load_config({"data_dir": str(tmp_path)}, {})
    (tmp_path / "ncen.toml").unlink()
    config = load_config({"data_dir": str(tmp_path)}, {"NCEN_KEY_PASSPHRASE": "s3cret-passphrase",
                                                       "NCEN_ADMIN_PASSWORD": "adm1n-password"})
    assert config.key_passphrase == "s3cret-passphrase"
    assert "s3cret" not in repr(config) and "adm1n" not in repr(config)


def test_readme_documents_every_setting(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in readme, f"README's configuration table lacks {setting.env}"
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{setting.env}`"))
        assert setting.help in row, f"README describes {setting.env} differently from the code"
