"""The application factory: create_app() and the steps it takes."""

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from . import config as config_module
from .extensions import babel, csrf, db, login_manager, migrate

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app for a data folder and database URL (defaults: the user's folder)."""
    app = Flask(__package__)  # "app": the templates and static folders are the package's
    app.config.from_object(config_module.Config)
    if test_config:
        app.config.update(test_config)
    configure_data(app)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    with app.app_context():
        from .database import install_engine_hooks

        install_engine_hooks(app)
    if app.config["STARTUP_CHECKS"]:
        from .database import check_database

        check_database(app)
    if app.config["AUTO_MIGRATE"]:
        from .database import upgrade_database

        upgrade_database(app)
    register_background_tasks(app)
    return app


def register_background_tasks(app: Flask) -> None:
    """Start the daily backup and automatic-rules threads (off under TESTING unless
    BACKUP_THREAD / RULES_THREAD say otherwise)."""
    testing = bool(app.config.get("TESTING"))
    backups, rules = app.config["BACKUP_THREAD"], app.config["RULES_THREAD"]
    if backups if backups is not None else not testing:
        from .backups.scheduler import start_backup_thread

        start_backup_thread(app)
    if rules if rules is not None else not testing:
        from .automation.scheduler import start_rules_thread

        start_rules_thread(app)


def configure_data(app: Flask) -> None:
    """Resolve the data folder, database URL and secret key."""
    data_dir = Path(app.config.get("DATA_DIR") or config_module.default_data_dir())
    data_dir.mkdir(parents=True, exist_ok=True)
    config_module.make_data_private(data_dir)
    app.config["DATA_DIR"] = str(data_dir)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        import os

        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
            "DATABASE_URL"
        ) or config_module.sqlite_url(data_dir)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **config_module.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.load_secret_key(data_dir)
    # Two Retornos on one PC (two data folders) must not overwrite each other's sign-in.
    app.config["SESSION_COOKIE_NAME"] = config_module.session_cookie_name(data_dir)
    config_module.apply_environment(app.config)


def register_extensions(app: Flask) -> None:
    from .i18n import install_template_gettext, select_locale

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    from .auth.services import load_user_from_session

    login_manager.user_loader(load_user_from_session)


def register_blueprints(app: Flask) -> None:
    from .agenda.routes import bp as agenda_bp
    from .alerts.routes import bp as alerts_bp
    from .auth.routes import bp as auth_bp
    from .automation.routes import bp as automation_bp
    from .backups.routes import bp as backups_bp
    from .catalog.routes import bp as catalog_bp
    from .complaints import export as _complaints_export  # noqa: F401  (its views join the bp)
    from .complaints.routes import bp as complaints_bp
    from .dashboard.routes import bp as dashboard_bp
    from .followups import calendar_export as _followups_calendar  # noqa: F401  (join the bp)
    from .followups import entry_routes as _followups_entry_routes  # noqa: F401  (join the bp)
    from .followups import export as _followups_export  # noqa: F401  (its views join the bp)
    from .followups.routes import bp as followups_bp
    from .imports.routes import bp as imports_bp
    from .main.routes import bp as main_bp
    from .parties.routes import bp as parties_bp
    from .preferences.routes import bp as preferences_bp
    from .privacy.routes import bp as privacy_bp
    from .sales import status_routes as _sales_status_routes  # noqa: F401  (join the bp)
    from .sales.routes import bp as sales_bp
    from .settings.routes import bp as settings_bp
    from .users.routes import bp as users_bp

    for blueprint in (main_bp, auth_bp, dashboard_bp, parties_bp, followups_bp, agenda_bp,
                      backups_bp, settings_bp, users_bp, alerts_bp, sales_bp, catalog_bp,
                      automation_bp, complaints_bp, preferences_bp, imports_bp, privacy_bp):
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from .auth.idle import install_idle_timeout
    from .web import install_request_hooks

    install_request_hooks(app)
    install_idle_timeout(app)


def register_errorhandlers(app: Flask) -> None:
    from .web import install_error_handlers

    install_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from .form_keys import form_key
    from .formatting import install_template_helpers

    install_template_helpers(app)
    app.add_template_global(form_key, "form_key")
