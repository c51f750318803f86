"""audiopaper: a Chinese daily newspaper, read aloud as a podcast edition."""

__version__ = "0.1.0"
