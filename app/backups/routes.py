"""Admin pages: backups (list, back up now, restore, delete) and deleted follow-up entries."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..followups.deleted_entries import deleted_entry, recently_deleted_entries
from ..followups.services import restore_entry
from ..gates import admin_required, is_admin
from ..menu import MenuLink, add_menu_link
from .forms import BackupNowForm, DeleteBackupForm, RestoreEntryForm, RestoreForm
from .restore import restore_backup
from .services import (
    MANUAL,
    BackupError,
    backup_dir,
    database_store,
    delete_backup,
    list_backups,
    take_backup,
)
from .stores import Store

bp = Blueprint("backups", __name__, url_prefix="/admin")


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "backups.index", _l("Backups"), visible=is_admin))
    add_menu_link(state.app, MenuLink("admin", "backups.deleted_entries", _l("Deleted entries"),
                                      visible=is_admin))


def _folder():
    return backup_dir(current_app.config["DATA_DIR"])


def _database() -> Store | None:
    try:
        return database_store(current_app._get_current_object())
    except BackupError:
        return None


@bp.route("/backups")
@admin_required
def index():
    """List the backups, newest first, with Back up now, Restore and (by hand) Delete."""
    backups = list_backups(_folder())
    return render_template("backups/index.html", backups=backups, form=BackupNowForm(),
                           folder=_folder(), supported=_database() is not None)


@bp.route("/backups", methods=["POST"])
@admin_required
def backup_now():
    """Take a verified backup now."""
    database = _database()
    if BackupNowForm().validate_on_submit() and database:
        db.session.remove()
        try:
            backup = take_backup(database, _folder(), MANUAL)
        except BackupError as error:
            flash(_("The backup failed: %(reason)s", reason=str(error)), "error")
        else:
            flash(_("Backup saved and verified: %(name)s", name=backup.name), "success")
    return redirect(url_for("backups.index"))


def _backup_named(name: str):
    backup = next((b for b in list_backups(_folder()) if b.name == name), None)
    if backup is None:
        abort(404)
    return backup


@bp.route("/backups/<name>/restore", methods=["GET", "POST"])
@admin_required
def restore(name: str):
    """Confirm, then replace the database with a backup (after a safety copy)."""
    backup = _backup_named(name)
    form = RestoreForm()
    if form.validate_on_submit() and _database():
        db.session.remove()
        try:
            safety = restore_backup(current_app._get_current_object(), backup.path)
        except BackupError as error:
            flash(_("The restore failed: %(reason)s", reason=str(error)), "error")
        else:
            flash(_("Database restored from %(name)s. The data as it was before is kept in "
                    "%(safety)s.", name=backup.name, safety=safety.name), "success")
        return redirect(url_for("backups.index"))
    return render_template("backups/restore.html", backup=backup, form=form), \
        422 if form.errors else 200


@bp.route("/backups/<name>/delete", methods=["GET", "POST"])
@admin_required
def delete(name: str):
    """Confirm, then delete a backup taken by hand (rotation never deletes those)."""
    backup = _backup_named(name)
    if not backup.deletable:
        abort(404)
    form = DeleteBackupForm()
    if form.validate_on_submit():
        try:
            delete_backup(_folder(), backup.name, by=current_user)
        except BackupError as error:
            flash(str(error), "error")
        else:
            flash(_("Backup deleted: %(name)s", name=backup.name), "success")
        return redirect(url_for("backups.index"))
    return render_template("backups/delete.html", backup=backup, form=form)


@bp.route("/deleted-entries")
@admin_required
def deleted_entries():
    """List soft-deleted follow-up entries with a Restore button each."""
    return render_template("backups/deleted_entries.html", entries=recently_deleted_entries(),
                           form=RestoreEntryForm())


@bp.route("/deleted-entries/<int:entry_id>/restore", methods=["POST"])
@admin_required
def restore_deleted_entry(entry_id: int):
    """Bring a soft-deleted entry back into the lists."""
    entry = deleted_entry(entry_id)
    if entry is None:
        abort(404)
    if RestoreEntryForm().validate_on_submit():
        restore_entry(entry, current_user)
        db.session.commit()
        flash(_("Entry restored."), "success")
    return redirect(url_for("backups.deleted_entries"))


KIND_LABELS = {"daily": _l("Daily"), "manual": _l("Manual"),
               "premigration": _l("Before an update"),
               "safety": _l("Safety copy (before a restore)")}


@bp.app_template_global("backup_kind")
def backup_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
