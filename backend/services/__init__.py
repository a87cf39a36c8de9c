"""What the service does, apart from HTTP: views call these and stay thin."""
