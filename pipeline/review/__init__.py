"""The privacy review: a reviewer's decisions on redactions, their effect on exports, and the review page.

Decisions live in the study's private work folder (``work/review/``): they hold originals. The modules
here are small and import nothing heavy, except :mod:`pipeline.review.app` (Starlette), which only the
``qualscribe review`` command loads.
"""
