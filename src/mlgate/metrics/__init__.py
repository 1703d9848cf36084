"""The model metric gate: point rules on metric files, and significance on paired predictions."""
