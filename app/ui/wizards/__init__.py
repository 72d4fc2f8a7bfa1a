"""Wizards: logging a new incident and (re-)categorizing one; they save nothing until Finish."""
