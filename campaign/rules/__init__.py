"""Pure rules: the follow-up cadence, the weekly schedule, the sweep split, business days and
stages; no I/O, the date is always a parameter."""
