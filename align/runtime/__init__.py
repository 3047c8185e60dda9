"""What every stage runs on: the process pool, progress, atomic output."""
