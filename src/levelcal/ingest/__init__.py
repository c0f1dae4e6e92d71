"""Sources of calendar events: each returns Events and warnings, never classifies."""
