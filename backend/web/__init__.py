"""The web pages' plumbing: cookie sign-in and the front-end libraries from npm."""
