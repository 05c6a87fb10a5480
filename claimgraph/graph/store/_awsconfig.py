"""The AWS shared files, read as the AWS CLI and SDKs read them: profiles and SSO sessions.

Two INI files hold a user's AWS settings: the credentials file (``~/.aws/credentials``, else
``$AWS_SHARED_CREDENTIALS_FILE``), whose sections are profile names, and the config file
(``~/.aws/config``, else ``$AWS_CONFIG_FILE``), whose sections are ``[default]``,
``[profile NAME]`` and ``[sso-session NAME]``. A profile is the two merged, the credentials
file's values winning, as in the AWS CLI.

Example:
    >>> files = AwsFiles.read(environ={"AWS_CONFIG_FILE": "/nonexistent", "HOME": "/nowhere"})
    >>> files.profile("default") is None
    True
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from claimgraph.errors import StoreError

__all__ = ["AwsFiles", "Profile", "expand_home"]

_FILE_HINT = (
    "each profile is a header line with its name in square brackets, then "
    "aws_access_key_id = ... and aws_secret_access_key = ... lines"
)


def expand_home(path: str, environ: Mapping[str, str]) -> str:
    """``path`` with a leading ``~`` made the home folder (``$HOME`` of ``environ`` first)."""
    if path.startswith("~") and environ.get("HOME"):
        return environ["HOME"] + path[1:]
    return os.path.expanduser(path)


@dataclass(frozen=True)
class Profile:
    """One AWS profile: its settings, each with the file it came from.

    Attributes:
        name: the profile's name.
        values: its settings (option names lower-cased).
        files: for each option, the file that set it.
    """

    name: str
    values: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)

    def get(self, option: str) -> str | None:
        """The option's value, ``None`` when it is not set or empty."""
        return self.values.get(option) or None

    def where(self, option: str) -> str:
        """Where ``option`` was set, in words: ``profile 'ci' in /home/me/.aws/config``."""
        file = self.files.get(option)
        return f"profile {self.name!r} in {file}" if file else f"profile {self.name!r}"


@dataclass(frozen=True)
class AwsFiles:
    """The profiles and SSO sessions of the two shared files.

    Attributes:
        credentials_file: the credentials file's path (it may not exist).
        config_file: the config file's path (it may not exist).
        profiles: each profile, merged from the two files.
        sso_sessions: each ``[sso-session NAME]`` of the config file.
    """

    credentials_file: str
    config_file: str
    profiles: Mapping[str, Profile]
    sso_sessions: Mapping[str, Mapping[str, str]]

    @classmethod
    def read(
        cls,
        *,
        environ: Mapping[str, str],
        credentials_file: str | None = None,
        config_file: str | None = None,
    ) -> AwsFiles:
        """Read both files (a missing file, or one that is not a regular file, has nothing).

        Raises:
            StoreError: a file cannot be read, or a line of it is not INI.
        """
        creds = (
            credentials_file or environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"
        )
        config = config_file or environ.get("AWS_CONFIG_FILE") or "~/.aws/config"
        creds, config = expand_home(creds, environ), expand_home(config, environ)
        values: dict[str, dict[str, str]] = {}
        files: dict[str, dict[str, str]] = {}
        sessions: dict[str, Mapping[str, str]] = {}
        for section, options in _read_ini(config, "config").items():
            kind, _, rest = section.partition(" ")
            if section == "default" or (kind == "profile" and rest.strip()):
                name = rest.strip() or "default"
                values.setdefault(name, {}).update(options)
                files.setdefault(name, {}).update(dict.fromkeys(options, config))
            elif kind == "sso-session" and rest.strip():
                sessions[rest.strip()] = options
        for name, options in _read_ini(creds, "credentials").items():
            values.setdefault(name, {}).update(options)
            files.setdefault(name, {}).update(dict.fromkeys(options, creds))
        profiles = {name: Profile(name, values[name], files[name]) for name in values}
        return cls(creds, config, profiles, sessions)

    def profile(self, name: str) -> Profile | None:
        """The profile called ``name``, ``None`` when neither file has it."""
        return self.profiles.get(name)


def _read_ini(file: str, kind: str) -> dict[str, dict[str, str]]:
    if not os.path.isfile(file):
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    text = ""
    try:
        with open(file, encoding="utf-8") as stream:
            text = stream.read()
        parser.read_string(text, source=file)
    except configparser.MissingSectionHeaderError as exc:
        raise _bad_line(file, kind, text, exc.lineno, "comes before any profile") from exc
    except configparser.ParsingError as exc:
        raise _bad_line(file, kind, text, exc.errors[0][0], "is not a key = value line") from exc
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the AWS {kind} file {file!r}: {exc}") from exc
    return {name: dict(parser[name]) for name in parser.sections()}


def _bad_line(file: str, kind: str, text: str, lineno: int, problem: str) -> StoreError:
    line = text.splitlines()[lineno - 1].strip()
    return StoreError(
        f"cannot read the AWS {kind} file {file!r}: line {lineno} {line!r} {problem}; {_FILE_HINT}"
    )
