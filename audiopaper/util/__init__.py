"""Helpers every stage may use: atomic writes, input hygiene, ffmpeg, child processes that die with us."""
