import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from kriya.ops.scheduler import Scheduler

logger = logging.getLogger("kriya.ops.scheduler")


class Command(BaseCommand):
    help = (
        "Run the scheduler: enqueue each job of kriya/ops/schedule.py once per period for "
        "`manage.py db_worker`, retry failed runs, reap tasks whose worker died. Runs until "
        "SIGTERM or Ctrl-C; safe to run on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then exit.")

    def handle(self, *args, once=False, **options):
        scheduler = Scheduler()
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("scheduler: %s received, stopping", signal.Signals(signum).name)
            stop.set()

        if not once:
            signal.signal(signal.SIGTERM, request_stop)
            signal.signal(signal.SIGINT, request_stop)
        logger.info("scheduler %s started", scheduler.ident)
        while not stop.is_set():
            try:
                started = scheduler.tick()
            except Exception:  # the database may be away for a moment: try again later
                logger.exception("scheduler tick failed")
                started = []
            finally:
                close_old_connections()
            if once:
                self.stdout.write(f"{len(started)} job(s) enqueued.")
                return
            stop.wait(scheduler.seconds_to_sleep(timezone.now()))
        logger.info("scheduler %s stopped", scheduler.ident)
