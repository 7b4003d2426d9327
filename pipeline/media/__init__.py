"""De-identified audio for coding with the recording linked (``[export] audio``).

The coding team hears tone, pauses and crying, but no name: every redacted span of the transcript is
replaced by a tone or by silence, on every channel, and the file keeps the recording's timeline, so the
transcript's own timings (``P01.vtt``/``srt``/``maxqda``) link to it in the coding tools. Before the file
may reach out/, the audio leak gate transcribes every redacted stretch again and refuses the file if a
known identifier is still heard (:mod:`pipeline.media.gate`).

    spans    ledger offsets → time spans, through the cleaned transcript's word timings
    codec    the recording decoded at its own rate; opus, mp3 or wav written with PyAV
    redact   tone or silence over the spans
    gate     the audio leak gate
    write    the whole way from recording to out/<code>.<ext>
"""
