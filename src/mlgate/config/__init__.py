"""The `mlgate.yaml` policy: pydantic models (one source of truth), loading with positions."""
