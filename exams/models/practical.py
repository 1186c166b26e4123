"""The practical exam."""
