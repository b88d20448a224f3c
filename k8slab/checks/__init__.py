"""Typed checks: each reads the cluster through a shared view and returns a result, never prints."""
