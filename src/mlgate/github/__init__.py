"""GitHub integration: REST client, workflow event, sticky PR comment."""
