"""Reminders by Web Push: devices' push subscriptions, the VAPID key, and the worker that sends
each care-plan and morning reminder once, at the patient's local time.

Seams: `models` (subscriptions, the reminder ledger, deliveries), `endpoints` (which push services
we talk to, and endpoints' normal form), `subscriptions` (storing and removing a browser's
subscription), `keys` (VAPID), `send` (one encrypted POST to one device, and what its answer
means), `schedule` (what is due and still wanted), `payloads` (what the notification says),
`later` (the signed "Later" token and the repeat it schedules), `claims` (ledger claims, leases
and claim tokens), `worker` (the pass: attempts, retries), `schemas` and `routes` (the API),
`cli` (`flask reminders`).
"""
