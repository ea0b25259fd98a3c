"""campaign: runs a job seeker's direct-mail search from a spreadsheet of employers."""

__version__ = "0.1.0"
