"""Command-line tasks: `flask --app wsgi seed`, `flask --app wsgi users create …`,
`flask --app wsgi import FILE --as USERNAME`."""

import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from backend.extensions import db
from backend.models import User
from backend.services import accounts, export_jobs, rollup, seeding
from backend.services.imports import run_import
from domain import roles
from domain.errors import DomainError
from domain.indicators import INDICATORS
from domain.units import CITY_CODE

SHOWN_PROBLEM_ROWS = 50


@click.command("seed")
@with_appcontext
def seed():
    """Load the administrative units, county boundaries and plan targets (idempotent)."""
    counts = seeding.seed_all()
    click.echo("seeded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(accounts.LEVEL_OF_ROLE))
@click.option("--unit", "unit_code", required=True, help="town, county or city code")
def create(username, role, unit_code):
    """Create an account; the password is read once from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        accounts.create_user(username, password, role, unit_code)
    except accounts.AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"created {role} {username} for unit {unit_code}")


@users.command("demo")
def demo():
    """Create the demo city_admin account once and print its password."""
    username = "demo_admin"
    if accounts.user_exists(username):
        click.echo(f"demo account: {username} (exists; its password was printed when it was made)")
        return
    password = secrets.token_urlsafe(12)
    accounts.create_user(username, password, roles.CITY_ADMIN, CITY_CODE)
    click.echo(f"demo account: {username}  password: {password}  (shown once)")


rollups = AppGroup("rollup", help="The summary rollup.")


@rollups.command("rebuild")
@click.option("--check", is_flag=True, help="only compare with the records; change nothing")
def rebuild(check):
    """Recompute the summary rollup from the records; list the cells that differed.
    With --check, exit 1 when any differs."""
    found = rollup.rebuild(check_only=check)
    db.session.commit()
    if not check:
        rollup.vacuum()
    for key, stored, computed in found:
        click.echo(
            "differs: "
            + " ".join(map(str, key))
            + f"  rollup (numerator, denominator, records) {stored}  records {computed}"
        )
    click.echo(f"{len(found)} cell(s) differed" + ("" if check else "; rollup rebuilt from the records"))
    if check and found:
        raise SystemExit(1)


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="run the jobs waiting now, then exit")
@click.option("--poll", default=1.0, show_default=True, help="seconds between looks when idle")
def worker(once, poll):
    """Run export jobs, one at a time, until stopped (several workers may run at once)."""
    import logging
    import os
    import socket

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    name = f"{socket.gethostname()}:{os.getpid()}"
    ran = export_jobs.work(name, once=once, poll_s=poll)
    click.echo(f"worker {name}: {ran} job(s) run")


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="the account the records are imported by")
@click.option("--indicator", type=click.Choice(list(INDICATORS)), help="unless the file has a column 指标")
@click.option("--dry-run", is_flag=True, help="only check; store nothing")
@click.option("--approve", is_flag=True, help="import as approved (county reviewers, city admins)")
@click.option("--skip-invalid", is_flag=True, help="import the valid rows of a file with invalid ones")
def import_ledger(path, username, indicator, dry_run, approve, skip_invalid):
    """Import a ledger (XLSX or CSV), as POST /api/v1/imports does."""
    user = db.session.execute(db.select(User).where(User.username == username, User.active.is_(True))).scalar()
    if user is None:
        raise click.ClickException(f"No active account {username}.")
    with (
        path.open("rb") as stream,
        click.progressbar(length=1, label=path.name) as bar,
        current_app.test_request_context(),
    ):  # the ingest caches per request

        def progress(done, total):
            bar.length = max(total or 0, done, 1)
            bar.update(done - bar.pos)

        try:
            report = run_import(
                stream,
                path.name,
                user,
                indicator=indicator,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                approve=approve,
                progress=progress,
            )
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        if report.committed:
            db.session.commit()
        else:
            db.session.rollback()
    _echo_report(report, path.name, dry_run)


def _echo_report(report, filename, dry_run):
    """The rows with problems (the first SHOWN_PROBLEM_ROWS), the counts, and exit 1 when
    nothing was stored because of bad rows."""
    for row in [r for r in report.rows if r.get("errors")][:SHOWN_PROBLEM_ROWS]:
        problems = "; ".join(f"{column}: {' '.join(map(str, messages))}" for column, messages in row["errors"].items())
        click.echo(f"row {row['row']}: {row['outcome']}: {problems}")
    counts = ", ".join(f"{outcome} {n}" for outcome, n in sorted(report.counts.items()))
    state = "stored" if report.committed else ("dry run, nothing stored" if dry_run else "nothing stored")
    click.echo(f"{filename}: {counts} ({state})")
    if report.bad_rows and not report.committed:
        sys.exit(1)


def register_commands(app):
    """The commands of `flask --app wsgi …`; a new command is a function above, added here."""
    for command in (seed, users, rollups, worker, import_ledger):
        app.cli.add_command(command)
