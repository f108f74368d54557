"""Understanding: raw mail -> a typed request. Pure functions of (mail, config)."""
