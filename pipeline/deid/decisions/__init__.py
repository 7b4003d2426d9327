"""The people's decisions on de-identification: what a privacy reviewer redacted, un-redacted or re-labelled.

They live here, below the review page, because the de-identification stage applies them (a decision
re-runs the stage for the recordings it touches) and the export checks their approvals; the page in
:mod:`pipeline.review` only shows and edits them. Nothing here imports the page.

    model.py     spans, decisions and how they are applied to a transcript's redactions
    store.py     the decisions and approvals on disk (``work/review/``) and the audit log
    items.py     each processed recording's reviewable transcript, by participant code
    approval.py  whether a transcript is approved, and what an approved-only export leaves out
    errors.py    the domain error
"""
