"""The WSGI entry point: ``gunicorn --preload wsgi:app``, ``flask --app wsgi run``.

The cyclic garbage collector is paused while the app is built: start-up creates some 400,000
objects that live as long as the process (modules, models, the search index, jieba's
dictionary), and collections scanning them again and again were a quarter of the start-up.
They are then frozen (``gc.freeze``): later collections, in every gunicorn worker, skip them,
and the pages the workers share with the master are not written to by the collector. The
few thousand cyclic leftovers of start-up are frozen with them, not collected (a full
collection would cost 0.2 s for well under a megabyte).
"""

import gc

gc.disable()
try:
    from bluecard import create_app

    app = create_app()
finally:
    gc.freeze()
    gc.enable()
