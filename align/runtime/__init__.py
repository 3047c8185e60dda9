"""What every stage runs on: the process pool, per-comparison state, progress, atomic output."""
