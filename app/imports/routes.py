"""Cadastros → Importar: upload, map the columns, preview, dry run, import; and the export
of customers/suppliers the import reads back. Administrators only."""

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..form_errors import blame
from ..gates import admin_required, is_admin
from ..menu import MenuLink, add_menu_link
from ..models import CUSTOMER, SUPPLIER, User
from ..rules import RuleError
from ..streaming_files import XLSX, csv_chunks, xlsx_chunks
from .fields import field_labels
from .forms import ColumnsForm, RunForm, UploadForm
from .jobs import find_job, start_job
from .mappings import check_mapping, mapping_for, save_mapping
from .party_export import export_slots, header, party_rows
from .preview import preview
from .reading import MAX_BYTES, BadFile, read_table
from .running import run_import
from .uploads import discard_upload, find_upload, keep_upload, save_upload, upload_folder

bp = Blueprint("imports", __name__, url_prefix="/imports")
KINDS = {"customers": CUSTOMER, "suppliers": SUPPLIER}


@bp.record_once
def _install(state) -> None:
    add_menu_link(state.app, MenuLink("records", "imports.index", _l("Import"), visible=is_admin))
    # Before the CSRF check reads the form: only the upload may be as large as a register.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _allow_large_upload)


def _allow_large_upload() -> None:
    if request.endpoint == "imports.index" and request.method == "POST":
        request.max_content_length = current_app.config.get("IMPORT_MAX_BYTES", MAX_BYTES)


def _folder() -> Path:
    return upload_folder(current_app.config["DATA_DIR"])


def _upload_or_404(token: str):
    upload = find_upload(_folder(), token, current_user.id)
    if upload is None:
        abort(404)
    return upload


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index():
    """Send a file to import; download the customers or suppliers."""
    form = UploadForm()
    if form.validate_on_submit():
        upload = keep_upload(_folder(), form.file.data, form.target.data, form.kind.data,
                             current_user.id)
        try:
            read_table(upload.path(_folder()))
        except BadFile as error:
            discard_upload(_folder(), upload)
            form.file.errors.append(error.message)
            return render_template("imports/index.html", form=form), 422
        return redirect(url_for("imports.columns", token=upload.token))
    return render_template("imports/index.html", form=form), 422 if form.errors else 200


@bp.route("/<token>/columns", methods=["GET", "POST"])
@admin_required
def columns(token: str):
    """Map the file's columns to Retorno's fields (guessed from their names)."""
    upload = _upload_or_404(token)
    table = read_table(upload.path(_folder()))
    form = ColumnsForm()
    form.fill(upload.target, table.headers, upload.mapping or mapping_for(table.headers,
                                                                          upload.target))
    if form.validate_on_submit():
        chosen = [entry.data or "" for entry in form.columns.entries][:len(table.headers)]
        try:
            check_mapping(upload.target, table.headers, chosen)
        except RuleError as error:
            general = blame(form, error)
            return render_template("imports/columns.html", form=form, upload=upload,
                                   samples=_samples(table), general=general), 422
        upload.mapping = chosen
        save_upload(_folder(), upload)
        if form.save_mapping.data:
            save_mapping(upload.target, table.headers, chosen)
            db.session.commit()
        return redirect(url_for("imports.show", token=token))
    return render_template("imports/columns.html", form=form, upload=upload,
                           samples=_samples(table)), 422 if form.errors else 200


def _samples(table) -> list[str]:
    """The first data row's value under each column, to recognise it by."""
    first = next(table.rows(), (0, []))[1]
    return [value.strip()[:60] for value in first]


@bp.route("/<token>")
@admin_required
def show(token: str):
    """The first rows as they would be stored; run the dry run or the import from here."""
    upload = _upload_or_404(token)
    if not upload.mapping:
        return redirect(url_for("imports.columns", token=token))
    table = read_table(upload.path(_folder()))
    labels, rows = preview(table, upload.mapping, upload.target)
    return render_template("imports/preview.html", upload=upload, labels=labels, rows=rows,
                           form=RunForm())


@bp.route("/<token>/run", methods=["POST"])
@admin_required
def run(token: str):
    """Start the dry run or the import in the background and show its progress."""
    upload = _upload_or_404(token)
    form = RunForm()
    if not form.validate_on_submit() or not upload.mapping:
        abort(400)
    dry_run, skip_refused = not form.run.data, form.skip_refused.data
    folder, user_id = _folder(), current_user.id

    def work(job):
        table = read_table(upload.path(folder))
        report = run_import(table, upload.mapping, target=upload.target, kind=upload.kind,
                            file_name=upload.file_name, by=db.session.get(User, user_id),
                            dry_run=dry_run, skip_refused=skip_refused, progress=job.progress)
        if report.applied:
            discard_upload(folder, upload)
        return report

    job = start_job(current_app._get_current_object(), token, user_id, dry_run,
                    str(get_locale()), work)
    return redirect(url_for("imports.job", job_id=job.id))


@bp.route("/jobs/<job_id>")
@admin_required
def job(job_id: str):
    """The progress bar while it runs; the report once it has finished."""
    found = find_job(current_app._get_current_object(), job_id, current_user.id)
    if found is None:
        abort(404)
    labels = field_labels("parties")
    return render_template("imports/job.html", job=found, form=RunForm(), labels=labels)


@bp.route("/jobs/<job_id>/progress")
@admin_required
def progress(job_id: str):
    """How far the job got, for the page's bar."""
    found = find_job(current_app._get_current_object(), job_id, current_user.id)
    if found is None:
        abort(404)
    return jsonify(percent=found.percent, done=found.done, total=found.total,
                   phase=found.phase, finished=found.finished)


@bp.route("/export/<slug>.csv")
@admin_required
def export_csv(slug: str):
    """All customers or suppliers with their contacts, as the import reads them back."""
    return _party_file(KINDS.get(slug) or abort(404), slug, "csv")


@bp.route("/export/<slug>.xlsx")
@admin_required
def export_xlsx(slug: str):
    """The same file as an XLSX spreadsheet."""
    return _party_file(KINDS.get(slug) or abort(404), slug, "xlsx")


def _party_file(kind: str, slug: str, fmt: str) -> Response:
    """Streamed as it is read: the header settled now, the rows read inside the body."""
    slots = export_slots(kind)
    head, rows = header(slots), party_rows(kind, slots)
    if fmt == "csv":
        body, mimetype = csv_chunks(head, rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_chunks(slug, head, rows), XLSX
    return Response(stream_with_context(body), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{slug}.{fmt}"'})
