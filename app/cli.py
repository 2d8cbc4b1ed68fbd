"""The `retorno` console script: desktop, serve, create-user, demo-data, backup, restore.

Cheap to import: each command loads what it needs in its body (the app, Flask, SQLAlchemy), so
`retorno desktop` paints its window before any of them is imported."""

import logging
import sys
from pathlib import Path

import click

from .config import allowed_hosts_from_environment, create_files_private
from .hosts import LOOPBACK_NAMES

DEFAULT_PORT = 8765


def _app_options(func):
    func = click.option("--database-url", envvar="DATABASE_URL", default=None,
                        help="SQLAlchemy URL (default: SQLite in the data folder).")(func)
    func = click.option("--data-dir", envvar="RETORNO_DATA_DIR", default=None,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Folder for the database, secret key and backups.")(func)
    return func


def build_app(data_dir: Path | None, database_url: str | None, wait_for_database: float = 0,
              **extra):
    # The commands' own deferred imports (the exception to imports at the top): SQLAlchemy and
    # the app load only for the command that needs them.
    from .database_reach import reach_database
    from .factory import create_app

    if database_url:  # a wrong URL or a server down gets one clear line, not a traceback
        reach_database(database_url, wait_for_database, say=_say_on_stderr)
    config = dict(extra)
    if data_dir:
        config["DATA_DIR"] = str(data_dir)
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    return create_app(config)


def _say_on_stderr(text: str) -> None:
    click.echo(text, err=True)


class RetornoCommands(click.Group):
    """The commands, with `import` (its module loads Flask and the models) added when asked for
    or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "import"})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "import" and name not in self.commands:
            from .imports.commands import add_import_commands  # a command's deferred module

            add_import_commands(self, build_app, _app_options)
        return super().get_command(ctx, name)


@click.group(cls=RetornoCommands, invoke_without_command=True)
@click.option("--data-dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="With no command: the desktop app's data folder.")
@click.option("--database-url", default=None,
              help="With no command: the desktop app's database URL.")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, database_url: str | None) -> None:
    """Retorno: never miss a call-back."""
    create_files_private()  # before anything is written: data files are the user's alone
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Alembic, now imported after this (the app loads with the command), lists its plugins at
    # INFO on every start: noise before a command's own one line.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if ctx.invoked_subcommand is None:
        # A double-click passes no arguments: the desktop app, with its options' env vars.
        args = [*(["--data-dir", str(data_dir)] if data_dir else []),
                *(["--database-url", database_url] if database_url else [])]
        desktop.main(args=args, prog_name="retorno", standalone_mode=False)


@main.command()
@_app_options
@click.option("--port", default=0, type=int, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-window", is_flag=True, envvar="RETORNO_NO_WINDOW",
              help="Do not open a window: serve and print the URL.")
@click.option("--autostart", is_flag=True,
              help="Started with the system: wait in the tray, tell the day's returns at once.")
@click.option("--server", envvar="RETORNO_SERVER", default=None, metavar="URL",
              help="Use the office server (the address `retorno serve --tls` printed, e.g. "
                   "https://servidor:8765); remembered for the next starts.")
@click.option("--local", is_flag=True,
              help="Use this PC's own data again instead of the office server (remembered).")
@click.option("--forget-certificate", is_flag=True,
              help="Forget the office server's pinned certificate (after the administrator "
                   "made a new one) and exit: the next start asks to compare it again.")
def desktop(data_dir: Path | None, database_url: str | None, port: int, no_window: bool,
            autostart: bool, server: str | None, local: bool, forget_certificate: bool) -> None:
    """Open the desktop app: local server, window and notifier (one per data folder); or,
    with --server, this PC as a client of the office server."""
    from .desktop.launcher import DesktopOptions, resolve_data_dir, run_desktop
    from .desktop.server_choice import parse_server_address
    from .rules import RuleError

    if server and local:
        raise click.UsageError("--server and --local exclude each other.")
    try:
        address = parse_server_address(server) if server else None
    except RuleError as error:
        raise click.BadParameter(error.message, param_hint="--server") from error
    if forget_certificate:
        from .desktop.pinning import PinStore  # cryptography: only for this

        forgotten = PinStore(resolve_data_dir(data_dir)).forget()
        click.echo("The pinned server certificate was forgotten: the next start asks to "
                   "compare the new one." if forgotten else "No server certificate was pinned.")
        return
    if database_url:  # only then SQLAlchemy before the window: a wrong URL gets one clear line
        from .database_reach import reach_database

        reach_database(database_url, say=_say_on_stderr)
    options = DesktopOptions(data_dir=data_dir, database_url=database_url, port=port,
                             window=not no_window, autostart=autostart, server=address,
                             local=local)
    code = run_desktop(options)
    if code:
        raise SystemExit(code)


@main.command()
@_app_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A name (or address) users type to reach this server; repeat for more. "
                   "Added to RETORNO_ALLOWED_HOSTS.")
@click.option("--tls", is_flag=True,
              help="HTTPS with this server's own certificate (made once in the data folder).")
@click.option("--wait-for-database", default=600, show_default=True, type=float,
              envvar="RETORNO_WAIT_FOR_DATABASE", metavar="SECONDS",
              help="How long to wait for a PostgreSQL server that is not up yet (at boot).")
def serve(data_dir: Path | None, database_url: str | None, host: str, port: int,
          allowed_hosts: tuple[str, ...], tls: bool, wait_for_database: float) -> None:
    """Serve the app for browsers (waitress; cheroot with --tls)."""
    from .serving import serve_forever

    typed = [name.strip() for name in allowed_hosts if name.strip()]
    names = tuple(dict.fromkeys([*typed, *allowed_hosts_from_environment()]))
    if host not in LOOPBACK_NAMES and not names:  # before waiting for any database
        raise click.UsageError(
            "Serving beyond this PC needs RETORNO_ALLOWED_HOSTS or --allowed-host (the names "
            "users type), e.g. --allowed-host servidor --allowed-host 192.168.0.10")
    app = build_server_app(data_dir, database_url, wait_for_database,
                           **({"ALLOWED_HOSTS": names} if names else {}))
    serve_forever(app, host, port, tls=tls)


def build_server_app(data_dir: Path | None, database_url: str | None,
                     wait_for_database: float = 0, **extra):
    """The app as `retorno serve` runs it: a database connection for each worker thread."""
    from .serving import pool_options

    return build_app(data_dir, database_url, wait_for_database,
                     SQLALCHEMY_ENGINE_OPTIONS=pool_options(), **extra)


@main.command("create-user")
@_app_options
@click.argument("login")
@click.option("--name", default="", help="Full name (default: the login).")
@click.option("--admin", is_flag=True, help="Give the user every permission.")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
def create_user_command(data_dir, database_url, login: str, name: str, admin: bool,
                        password_stdin: bool) -> None:
    """Create an account without the browser."""
    from .extensions import db
    from .rules import RuleError
    from .users.services import UserData, create_account

    password = sys.stdin.readline().rstrip("\r\n")
    app = build_app(data_dir, database_url)
    data = (UserData.administrator if admin else UserData)(login=login, name=name or login)
    with app.app_context():
        try:
            user = create_account(data, password, acting=None)
        except RuleError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
        db.session.commit()
        click.echo(f"User {user.login} created{' (administrator)' if admin else ''}.")


@main.command("demo-data")
@_app_options
@click.option("--force", is_flag=True,
              help="Add the demo data even though the database already has data.")
def demo_data_command(data_dir, database_url, force: bool) -> None:
    """Fill an empty database with a small realistic data set."""
    from .demo import DatabaseNotEmpty, load_demo_data
    from .i18n import force_locale

    logging.getLogger().setLevel(logging.WARNING)  # a newcomer reads the summary, not the log
    app = build_app(data_dir, database_url)
    # It speaks the company's language (pt-BR), as the app's pages do before anyone signs in.
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        try:
            summary = load_demo_data(force=force)
        except DatabaseNotEmpty as error:
            click.echo(error.report(), err=True)  # not ClickException: its "Error:" is English
            raise click.exceptions.Exit(1) from error
        click.echo(summary.report())


@main.command("unlock")
@_app_options
@click.argument("login")
def unlock_command(data_dir, database_url, login: str) -> None:
    """Lift the lock that wrong passwords put on an account's sign-in."""
    from .auth.services import normal_login, unlock
    from .extensions import db
    from .models import User

    app = build_app(data_dir, database_url, BACKUP_THREAD=False, RULES_THREAD=False)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.login == normal_login(login)))
        if user is None:
            raise click.ClickException(f"no user {login!r}")
        unlock(user, by=None)
        db.session.commit()
        click.echo(f"{user.login} can sign in again.")


@main.command("backup")
@_app_options
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(data_dir, database_url, file: Path | None) -> None:
    """Write a verified copy of the database (default: into the backups folder, rotated)."""
    from .backups.services import (
        MANUAL,
        BackupError,
        backup_dir,
        database_store,
        take_backup,
        write_backup,
    )

    app = build_app(data_dir, database_url, BACKUP_THREAD=False, RULES_THREAD=False)
    try:
        database = database_store(app)
        path = (write_backup(database, file.resolve()) if file
                else take_backup(database, backup_dir(app.config["DATA_DIR"]), MANUAL).path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written and verified: {path}")


@main.command("restore")
@_app_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(data_dir, database_url, file: Path) -> None:
    """Put a backup back, after checking it and saving the current database as a safety copy."""
    from .backups.restore import restore_backup
    from .backups.services import BackupError

    # No start-up check or migration first: the current file may be the damaged one.
    app = build_app(data_dir, database_url, BACKUP_THREAD=False, RULES_THREAD=False,
                    STARTUP_CHECKS=False, AUTO_MIGRATE=False)
    try:
        safety = restore_backup(app, file.resolve())
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {file}." + (f"\nThe previous database is kept in {safety.path}"
                                       if safety.path.exists() else ""))


if __name__ == "__main__":
    main()
