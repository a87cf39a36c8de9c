"""Export jobs: large exports made by a worker process into a file that is kept a while.

A request becomes a job (`submit`); the same user asking the same again within
EXPORT_JOB_REUSE_S gets the same job. Workers (`flask --app wsgi worker`) claim jobs one at
a time: on PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED, so several workers never take
the same job and never wait on each other; on SQLite, whose writers take turns anyway, with
one conditional UPDATE. A running job's worker beats every few seconds (with its progress);
a job whose heartbeat is older than EXPORT_JOB_LEASE_S is claimed again by another worker,
so a job survives its worker being killed. The file is written under a name of its own
attempt and renamed when complete: a download never sees half a file.
"""

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.exports.export import build_export
from backend.exports.writers import WRITERS
from backend.extensions import db
from backend.models import ExportJob, User
from backend.models.timestamps import utcnow
from backend.services.listing import count_matching
from backend.spatial import is_sqlite

log = logging.getLogger(__name__)
jobs = ExportJob.__table__
OPEN_STATES = ("queued", "running")
HEARTBEAT_S = 2.0  # at most this often a running job writes its progress


def job_dir():
    path = Path(current_app.config["EXPORT_JOB_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(job):
    return job_dir() / f"{job.id}.{WRITERS[job.params['format']].extension}"


def _request_key(user, params):
    canonical = json.dumps({"user": user.id, **params}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def matching_records(filters, user):
    """How many records the export would hold (the choice between a stream and a job)."""
    return count_matching(filters, user)


def _reusable(user, key):
    """The job of the same request still open, or done within EXPORT_JOB_REUSE_S."""
    since = utcnow() - dt.timedelta(seconds=current_app.config["EXPORT_JOB_REUSE_S"])
    return db.session.execute(
        db.select(ExportJob)
        .where(
            ExportJob.request_key == key,
            ExportJob.user_id == user.id,
            sa.or_(
                ExportJob.state.in_(OPEN_STATES), sa.and_(ExportJob.state == "done", ExportJob.finished_at >= since)
            ),
        )
        .order_by(ExportJob.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def submit(user, params):
    """The job for an export (params: format, crs as EPSG code, encoding, filters): a job
    of the same user and parameters still open or finished within EXPORT_JOB_REUSE_S, or a
    new queued one. (job, created).

    Two identical requests at the same instant may both find nothing: the unique index
    over the open jobs' request keys (migration 0010) lets one insert through; the other
    fails in its savepoint (on PostgreSQL after waiting for the first to commit) and
    answers with that job instead."""
    key = _request_key(user, params)
    for _ in range(3):  # a job found open may finish (and fail) between two looks
        reusable = _reusable(user, key)
        if reusable is not None:
            return reusable, False
        job = ExportJob(
            id=str(uuid.uuid4()),
            user_id=user.id,
            request_key=key,
            params=params,
            state="queued",
            records_done=0,
            attempt=0,
            created_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(job)
        except IntegrityError:  # uq_export_jobs_open_request: the same request's job exists now
            continue
        return job, True
    raise RuntimeError(f"export job {key} neither found nor created")


def owned_job(user, job_id):
    """The job, if it is this user's (a job id of someone else is as good as none)."""
    try:
        uuid.UUID(job_id)
    except (ValueError, TypeError):
        return None
    job = db.session.get(ExportJob, job_id)
    return job if job is not None and job.user_id == user.id else None


# --- the worker's side ----------------------------------------------------------------


def _claimable(now):
    stale = now - dt.timedelta(seconds=current_app.config["EXPORT_JOB_LEASE_S"])
    return sa.or_(jobs.c.state == "queued", sa.and_(jobs.c.state == "running", jobs.c.heartbeat_at < stale))


def claim(worker):
    """Take the oldest job waiting (or abandoned by a dead worker); (id, attempt) or None.
    Committed at once, so other workers see it taken."""
    now = utcnow()
    if is_sqlite():
        oldest = sa.select(jobs.c.id).where(_claimable(now)).order_by(jobs.c.created_at).limit(1).scalar_subquery()
        claimed = db.session.execute(
            jobs.update()
            .where(jobs.c.id == oldest, _claimable(now))
            .values(state="running", worker=worker, heartbeat_at=now, attempt=jobs.c.attempt + 1)
            .returning(jobs.c.id, jobs.c.attempt)
        ).first()
    else:
        job_id = db.session.execute(
            sa.select(jobs.c.id)
            .where(_claimable(now))
            .order_by(jobs.c.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        claimed = (
            None
            if job_id is None
            else db.session.execute(
                jobs.update()
                .where(jobs.c.id == job_id)
                .values(state="running", worker=worker, heartbeat_at=now, attempt=jobs.c.attempt + 1)
                .returning(jobs.c.id, jobs.c.attempt)
            ).first()
        )
    db.session.commit()
    return None if claimed is None else tuple(claimed)


def _mine(job_id, attempt):
    return sa.and_(jobs.c.id == job_id, jobs.c.attempt == attempt, jobs.c.state == "running")


def _beat(job_id, attempt, done, total=None):
    """Progress and heartbeat, on a connection of their own: the export's transaction
    holds the database cursor the rows come from and must not commit midway. False when
    the job is no longer this attempt's (the lease lapsed and another worker took it)."""
    values = {"records_done": done, "heartbeat_at": utcnow()}
    if total is not None:
        values["records_total"] = total
    with db.engine.begin() as connection:
        return connection.execute(jobs.update().where(_mine(job_id, attempt)).values(**values)).rowcount == 1


class LostLease(Exception):
    """Another worker took the job over: this attempt stops."""


class _Reporting:
    """The export's record source, counting the records as they are written."""

    def __init__(self, source, job_id, attempt):
        self._source, self._job, self._attempt = source, job_id, attempt
        self.done, self._last = 0, time.monotonic()

    def __getattr__(self, name):
        return getattr(self._source, name)

    def chunks(self, size=None):
        for chunk in self._source.chunks(size):
            yield chunk
            self.done += len(chunk)
            if time.monotonic() - self._last >= HEARTBEAT_S:
                self._last = time.monotonic()
                if not _beat(self._job, self._attempt, self.done):
                    raise LostLease()


def run(job_id, attempt):
    """Make the file of a claimed job; the job ends done or failed (unless taken over)."""
    job = db.session.get(ExportJob, job_id)
    if job is None:  # removed meanwhile: nothing to make
        return
    user = db.session.get(User, job.user_id)
    params = job.params
    try:
        if user is None or not user.active:
            raise ValueError("The account that asked for this export is no longer active.")
        writer = WRITERS[params["format"]]
        filters = params["filters"]
        if not _beat(job_id, attempt, 0, matching_records(filters, user)):
            raise LostLease()
        export = build_export(filters, user, params["epsg"], params["encoding"])
        reporting = _Reporting(export.source, job_id, attempt)
        export = dataclasses.replace(export, source=reporting)
        final = file_path(job)
        draft = final.with_name(f"{final.name}.{attempt}.part")
        digest, size = hashlib.sha256(), 0
        body = writer.write(export)
        try:
            with open(draft, "wb") as out:
                for block in body:
                    out.write(block)
                    digest.update(block)
                    size += len(block)
        finally:
            body.close()
        db.session.rollback()  # ends the read transaction of the export
        now = utcnow()
        finished = (
            db.session.execute(
                jobs.update()
                .where(_mine(job_id, attempt))
                .values(
                    state="done",
                    records_done=reporting.done,
                    heartbeat_at=now,
                    finished_at=now,
                    expires_at=now + dt.timedelta(hours=current_app.config["EXPORT_JOB_TTL_HOURS"]),
                    file_name=f"{export.stem}.{writer.extension}",
                    media_type=writer.media_type,
                    file_bytes=size,
                    etag=digest.hexdigest(),
                )
            ).rowcount  # type: ignore[attr-defined]  # an UPDATE answers a CursorResult
            == 1
        )
        if finished:
            os.replace(draft, final)
        else:
            draft.unlink(missing_ok=True)
        db.session.commit()
    except LostLease:
        db.session.rollback()
        log.warning("export job %s: taken over by another worker; attempt %s stops", job_id, attempt)
    except Exception as error:  # the job fails with a reason; the worker goes on
        db.session.rollback()
        log.exception("export job %s failed", job_id)
        db.session.execute(
            jobs.update()
            .where(_mine(job_id, attempt))
            .values(state="failed", finished_at=utcnow(), error=str(error)[:500] or type(error).__name__)
        )
        db.session.commit()


def expire():
    """Remove the files of jobs past their time; such a job is 'expired'. How many."""
    now = utcnow()
    stale = (
        db.session.execute(db.select(ExportJob).where(ExportJob.state == "done", ExportJob.expires_at < now))
        .scalars()
        .all()
    )
    for job in stale:
        file_path(job).unlink(missing_ok=True)
        job.state = "expired"
    db.session.commit()
    return len(stale)


def work(worker, once=False, poll_s=1.0):
    """The worker's loop: expire old files, claim a job, run it; sleep when there is none.
    once: run the jobs waiting now, then return how many ran."""
    ran = 0
    while True:
        expire()
        claimed = claim(worker)
        if claimed is None:
            if once:
                return ran
            time.sleep(poll_s)
            continue
        log.info("export job %s: attempt %s by %s", *claimed, worker)
        run(*claimed)
        db.session.remove()
        ran += 1
