"""Organisers' pages: debates, sessions, running them live, transcripts and reports."""
