"""Gunicorn settings for the Procfile's web process, from the environment.

HOST (default 0.0.0.0, `make run` uses 127.0.0.1), PORT (default 5000), WEB_CONCURRENCY
(workers, default 2), WEB_THREADS (threads per worker, default 4), CLIENT_REQUEST_SECONDS (how long
a client may take to send a whole request, default 10) and CLIENT_PAUSE_SECONDS (how long it may
pause while reading the answer, default 10; see bot.gunicorn_worker).

Threaded workers whose threads are given only whole requests (read in the worker's main loop),
so slow, stalled or idle clients cannot hold the service (measured in docs/benchmarks.md); in
production nginx in front buffers whole requests as well (deploy/).
"""

import os

bind = "%s:%s" % (os.environ.get("HOST", "0.0.0.0"), os.environ.get("PORT", "5000"))
workers = int(os.environ.get("WEB_CONCURRENCY", "2") or 2)
worker_class = "bot.gunicorn_worker.ThreadWorker"
threads = int(os.environ.get("WEB_THREADS", "4") or 4)
# Load the app once in the master, so start-up work and its warnings happen once and workers
# share the loaded code; the app opens no database connection before a request.
preload_app = True
timeout = 30
# No keep-alive: a connection kept open stays with the worker that accepted it, and a client
# that opens its connections at once (wrk, a proxy) had one worker answer everything while the
# other idled (measured: 640 against 1,250 chat turns a second, docs/benchmarks.md). Closing after
# each answer lets both workers take new connections; nginx in front does not keep upstream
# connections alive either.
keepalive = 0
# A worker takes a new connection only when one of its threads is free; the others wait in the
# listening socket's queue for whichever worker frees a thread first (as sync workers do), not
# in one busy worker's thread pool (p99 about 70 against 85 ms under perf_check's load).
worker_connections = threads
accesslog = None  # access logs would hold request paths only, but keep them off by default


def when_ready(server):
    """In the master, after the app is loaded and before the workers fork: warm it up (see
    bot.warm), so each worker starts with the content, indexes and detector in shared memory."""
    from bot import warm

    seconds = warm.warm_up(server.app.wsgi())
    server.log.info("warmed up in %.2f s", seconds)
