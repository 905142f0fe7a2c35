"""Policy notifications (issue 5): compose, target, confirm, send exactly once, follow progress;
proactive matching after a rule change. Edges import ``bluecard.notifications.services``.

Modules, each importing only those above it: ``lifecycle`` (states and labels, pure),
``models``, ``ratelimit``, ``audience`` (who receives), ``delivery`` (claim and send),
``scheduler`` (what is due), ``worker`` (RQ / in-process jobs, the worker process),
``matching`` (proactive matching), ``services`` (what staff and the edges call).
This package file imports nothing, so ``bluecard.models`` can register the models.
"""
