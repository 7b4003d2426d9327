"""The privacy review page: a local web page on which a reviewer sees and edits the de-identification.

Only the page lives here (the app, its server, the service behind its API, its flags of possible misses,
its options, and opening a study for it). The decisions it edits, their store and the approvals live
below it in :mod:`pipeline.deid.decisions`, because the de-identification stage and the export use them
without any page; nothing below imports this package. Only :mod:`pipeline.review.app` imports
something heavy (Starlette), and only the ``qualscribe review`` command loads it.
"""
