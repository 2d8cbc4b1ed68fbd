"""The rules of a user's own preferences; the caller says who and from where."""

from pathlib import Path

from flask_babel import lazy_gettext as _l

from ..desktop import autostart
from ..rules import RuleError

START_FIELD = "start_with_system"


def can_start_with_system(desktop_app: bool, from_this_computer: bool) -> bool:
    """The login entry is written on the computer that runs the app: only its own user there."""
    return desktop_app and from_this_computer


def starts_with_system() -> bool:
    return autostart.is_enabled()


def set_start_with_system(enabled: bool, data_dir: Path, *, desktop_app: bool,
                          from_this_computer: bool) -> None:
    """Write or remove the entry that starts Retorno, in the tray, when the user logs in."""
    if not can_start_with_system(desktop_app, from_this_computer):
        raise RuleError(START_FIELD, _l("Only in the desktop app, on the computer it runs on."))
    try:
        if enabled:
            autostart.enable(autostart.launch_command(data_dir))
        else:
            autostart.disable()
    except autostart.AutostartError as error:
        raise RuleError(START_FIELD, _l("The system refused the change: %(reason)s",
                                        reason=str(error))) from error
