"""The jobs that tie rules, store and files together: the week, batches, mailing, correspondence,
the log book."""
