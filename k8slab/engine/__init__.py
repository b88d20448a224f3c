"""The engine: sets lessons up, applies solutions, runs checks, keeps progress, self-tests."""
