"""The command line in the user's language: `--lang`, `PLANNER_LANG`, and help texts translated
when they are printed.

Help texts are English message ids (marked `N_` where they are written); typer builds the click
commands from them, and `LocalisedGroup`/`LocalisedCommand` translate them (and typer's own
panel titles and "Usage:") at the moment help is printed, so `planner --lang ru solve --help`
is Russian. Usage errors (a missing argument, an unknown option) go through the same catalogue:
`install()` points typer's gettext look-ups and its error panel at `planner.i18n`; a message
without Russian stays English.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer import _click as click  # typer's own copy of click
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from planner import i18n
from planner.i18n import N_, catalogue, gettext

TEXT = catalogue({
    "lang_help": N_("Language of the output: en or ru (default: PLANNER_LANG, else the system locale)."),
    "bad_lang": N_("unknown language '{value}': use one of {known}"),
    "bad_env": N_("{variable}={value!r} is not a language of the planner: use one of {known}"),
})

# typer's own texts (typer's gettext look-ups and module constants), by their exact message ids.
TYPER_TEXT = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error"),
    N_("Aborted!"),
    N_("Aborted."),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("[default: {}]"),
    N_("[required]"),
    N_("default: {default}"),
    N_("required"),
    N_("Show this message and exit."),
)
# click's usage errors (typer's copy of click writes them as plain English): pattern -> message.
USAGE_ERRORS = (
    (re.compile(r"^Missing argument (?P<what>.+?)\.$", re.S), N_("Missing argument {what}.")),
    (re.compile(r"^Missing option (?P<what>.+?)\.$", re.S), N_("Missing option {what}.")),
    (re.compile(r"^Missing parameter (?P<what>.+?)\.$", re.S), N_("Missing parameter {what}.")),
    (re.compile(r"^No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?$", re.S),
     N_("No such option: {name}")),
    (re.compile(r"^Invalid value for (?P<what>.+?): (?P<message>.*)$", re.S), N_("Invalid value for {what}: {message}")),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$", re.S),
     N_("Got unexpected extra arguments ({args})")),
    (re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.$", re.S), N_("Option '{name}' requires a value.")),
)
VALUE_ERRORS = {
    "Input should be a valid integer, unable to parse string as an integer": N_("must be a whole number"),
    "Input should be a valid number, unable to parse string as a number": N_("must be a number"),
    "Input should be a valid integer, got a number with a fractional part": N_("must be a whole number"),
}
POSSIBLE = N_(" (possible: {options})")

# typer's panel titles and markers, read from module constants when help or an error is printed.
_TYPER_CONSTANTS = ("ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                    "DEFAULT_STRING", "REQUIRED_LONG_STRING", "ABORTED_TEXT", "RICH_HELP")
_ENGLISH: dict[str, str] = {}


def install() -> None:
    """Route typer's gettext look-ups and its error panel through the planner's catalogue."""
    import typer.core
    import typer.rich_utils as rich_utils

    typer.core._ = _plain_gettext
    if not _ENGLISH:
        _ENGLISH.update({name: getattr(rich_utils, name) for name in _TYPER_CONSTANTS})
        english_error = rich_utils.rich_format_error

        def rich_format_error(exc: Any) -> None:
            message = usage_error_text(exc.format_message())
            exc.format_message = lambda: message
            with _typer_constants():
                english_error(exc)

        rich_utils.rich_format_error = rich_format_error


def usage_error_text(message: str) -> str:
    """A usage error of click in the current language (unknown ones stay as they are)."""
    message = VALUE_ERRORS.get(message, message)
    for pattern, msgid in USAGE_ERRORS:
        found = pattern.match(message)
        if found:
            values = {k: v for k, v in found.groupdict().items()}
            if "message" in values:
                values["message"] = usage_error_text(values["message"])
            text = gettext(msgid).format(**{k: v for k, v in values.items() if k != "options"})
            if values.get("options"):
                text += gettext(POSSIBLE).format(options=values["options"])
            return text
    return str(gettext(message))


def _plain_gettext(message: str) -> str:
    return str(gettext(message))


@contextmanager
def _typer_constants() -> Iterator[None]:
    import typer.rich_utils as rich_utils

    saved = {name: getattr(rich_utils, name) for name in _ENGLISH}
    for name, english in _ENGLISH.items():
        setattr(rich_utils, name, str(gettext(english)))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


def choose_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """`--lang` (eager, so that `--lang ru --help` is Russian): set the language for this run."""
    if value is not None and i18n.normalise(value) is None:
        raise typer.BadParameter(TEXT["bad_lang"].format(value=value, known=", ".join(i18n.LANGUAGES)))
    env = os.environ.get(i18n.ENV_VARIABLE)
    if value is None and env and i18n.normalise(env) is None:
        raise UsageError(TEXT["bad_env"].format(variable=i18n.ENV_VARIABLE, value=env,
                                                      known=", ".join(i18n.LANGUAGES)))
    # Every run sets it (no --lang: back to the environment's), so one run's choice never leaks
    # into the next in the same process; errors and help are printed in it after parsing ends.
    i18n.set_language(value)
    return value


def lang_option() -> Any:
    return typer.Option(None, "--lang", help=TEXT.msgid("lang_help"), metavar="en|ru", show_default=False,
                        is_eager=True, callback=choose_language)


@contextmanager
def _translated(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """Translate the help of `command`, its parameters and sub-commands while help is printed."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str) -> None:
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            saved.append((obj, attr, value))
            setattr(obj, attr, str(gettext(value)))

    swap(command, "help")
    swap(command, "short_help")
    for param in command.get_params(ctx):
        swap(param, "help")
        if getattr(param, "is_flag", False) and param.metavar is None:
            # typer prints a flag as "--json <bool>", which reads as if it took a value.
            saved.append((param, "metavar", None))
            param.metavar = ""
    if isinstance(getattr(command, "commands", None), dict):
        for sub in command.commands.values():
            swap(sub, "help")
            swap(sub, "short_help")
    try:
        with _typer_constants():
            yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


USAGE = N_("Usage:")


def _usage(text: str) -> str:
    return text.replace("Usage:", str(gettext(USAGE)), 1) if text.lstrip().startswith("Usage:") else text


class LocalisedCommand(TyperCommand):
    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, ctx):
            super().format_help(ctx, formatter)

    def get_usage(self, ctx: click.Context) -> str:
        return _usage(super().get_usage(ctx))


class LocalisedGroup(TyperGroup):
    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, ctx):
            super().format_help(ctx, formatter)

    def get_usage(self, ctx: click.Context) -> str:
        return _usage(super().get_usage(ctx))


def localise_commands(app: typer.Typer) -> None:
    """Every registered command prints its help in the run's language."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # typer's default: keep a command's own class
            info.cls = LocalisedCommand


__all__ = ["TYPER_TEXT", "USAGE_ERRORS", "LocalisedCommand", "LocalisedGroup", "install", "lang_option", "localise_commands"]
