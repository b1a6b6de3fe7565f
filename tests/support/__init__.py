"""What tests share: request bodies, accounts, care-team and sync steps, browser steps, the route
list. Test modules import from here, never from conftest.py or from one another."""
