"""Offline sync for patient devices: push queued changes, pull what changed since a cursor."""
