"""What the service does, apart from HTTP: views call these and stay thin.

A service refuses with a domain error (domain/errors.py: `NotFound("plan_not_found",
plan=code)`), never with an HTTP exception; backend/errors.py turns it into the problem
document (tests/test_layers.py fails on a service importing backend.errors or an abort)."""
