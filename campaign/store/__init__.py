"""The SQLite store: the only code that speaks SQL, its migrations and the follow-up summaries it
keeps."""
