"""qualscribe's own Presidio recognizers: what speech recognition emits that Presidio's defaults miss."""
