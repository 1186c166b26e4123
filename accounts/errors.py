class DomainError(Exception):
    """A rule of the pathway refused the action; the message is shown to the user as is."""
