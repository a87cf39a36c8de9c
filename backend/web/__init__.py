"""The web pages' plumbing: cookie sign-in and the front-end libraries from npm.

A new page is a template under templates/ and a view here that renders it with its URLs
(url_for) and the account's capabilities (domain.roles) in a JSON config; its data come
from an API blueprint (backend/api/)."""
