"""Participation reports for organisers and the programme's funder."""
