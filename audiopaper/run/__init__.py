"""Run control: a night's build under its lock, reports, groups of papers, progress, checks, serving."""
