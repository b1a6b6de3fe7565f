"""Reminders by Web Push: devices' push subscriptions, the VAPID key, and the worker that sends
each care-plan and morning reminder once, at the patient's local time.

Seams: `endpoints` (which push services we talk to), `keys` (VAPID), `send` (one encrypted POST
to one device), `schedule` (what is due and still wanted), `payloads` (what the notification
says, and the signed "Later" token), `worker` (the pass: ledger, claims, retries), `cli`.
"""
