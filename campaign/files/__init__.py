"""Readers and writers of files: spreadsheets in, call lists out and back, the work-search log,
charts."""
