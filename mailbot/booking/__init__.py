"""Booking: pure rules over plain values (model, policy, cancellation), and the service
that loads those values from the database and saves the decisions (service, store)."""
