"""Renderers: each turns a `Report` into one output format. They read results, nothing else."""
