"""spaCy pipeline loading and the spaCy -> models boundary."""
