"""Qt delegates of the user interface."""
