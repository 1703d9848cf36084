"""Release records: what a `mlgate check` decided and on exactly which inputs; verified later."""
