"""Command-line tasks: `flask --app wsgi seed`, `flask --app wsgi users create …`."""
import secrets
import sys

import click
from flask.cli import AppGroup

from backend.extensions import db
from backend.services import accounts, export_jobs, rollup, seeding


def register_commands(app):
    @app.cli.command("seed")
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
        accounts.create_user(username, password, "city_admin", "441400")
        click.echo(f"demo account: {username}  password: {password}  (shown once)")

    app.cli.add_command(users)

    rollups = AppGroup("rollup", help="The summary rollup.")

    @rollups.command("rebuild")
    @click.option("--check", is_flag=True, help="only compare with the records; change nothing")
    def rebuild(check):
        """Recompute the summary rollup from the records; list the cells that differed.
        With --check, exit 1 when any differs."""
        found = rollup.rebuild(check_only=check)
        db.session.commit()
        for key, stored, computed in found:
            click.echo("differs: " + " ".join(map(str, key))
                       + f"  rollup (numerator, denominator, records) {stored}  records {computed}")
        click.echo(f"{len(found)} cell(s) differed" + ("" if check else "; rollup rebuilt from the records"))
        if check and found:
            raise SystemExit(1)

    app.cli.add_command(rollups)

    @app.cli.command("worker")
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
