"""Qt wizards of the user interface."""
