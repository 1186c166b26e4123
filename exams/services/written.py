"""The written exam."""
