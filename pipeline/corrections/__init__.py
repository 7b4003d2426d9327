"""The checker's decisions on the raw transcript: words heard wrong, missed or never said, turns given to
the wrong speaker or cut in the wrong place, the speakers' names, and flags a checker looked at.

They live here, below the review page, because the ``correct`` stage applies them to the raw transcript
before anything is cleaned or de-identified (a name typed in by the checker is then redacted like any
other); the page in :mod:`pipeline.review` only shows and edits them. Nothing here imports the page.

    model.py   a correction, keyed to the raw transcript's word timings
    apply.py   the corrections applied to a raw transcript, with those that no longer match
    store.py   corrections, dismissed flags and check records on disk, and the audit log
    status.py  a transcript's check status (unchecked, checked by whom and when, changed since)
    flags.py   where to listen: uncertain words, speech without words, words in a silence
    speech.py  the recording's speech regions, found once and kept in the private work folder
"""
