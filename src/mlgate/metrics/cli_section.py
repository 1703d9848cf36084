"""Build the `MetricsSection` that `mlgate metrics compare` runs, from its options and/or a config.

Options given on the command line override the config's values, so CI can point the same policy at
other files (`--candidate`, `--baseline`...) without editing mlgate.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlgate.config.base import Locator
from mlgate.errors import GateError
from mlgate.metrics.config import MetricsSection
from mlgate.metrics.rules import parse_rule

_SIGNIFICANCE_OPTIONS = {
    "candidate_predictions": "candidate",
    "baseline_predictions": "baseline",
    "key": "key",
    "label": "label",
    "prediction": "prediction",
    "score": "score",
    "metric_names": "metrics",
    "confidence": "confidence",
    "max_drop": "max_drop",
    "decide": "decide",
    "slice_column": "slice",
    "min_slice_size": "min_slice_size",
    "n_resamples": "n_resamples",
    "seed": "seed",
    "threshold": "threshold",
    "positive": "positive",
}


def _given(value: Any) -> bool:
    return value is not None and value != ()


def section_from_options(
    config_path: Path | None, options: dict[str, Any]
) -> tuple[MetricsSection, Path, Locator | None, str | None]:
    """(section, base directory for relative paths, locator into the config, config display name)."""
    files_given = any(_given(options.get(k)) for k in ("candidate", "candidate_predictions"))
    data: dict[str, Any] = {}
    base_dir = Path.cwd()
    locate: Locator | None = None
    display: str | None = None
    if config_path is not None or not files_given:
        from mlgate.config.load import find_and_load

        loaded = find_and_load(config_path)
        display = loaded.display
        if loaded.config.metrics is None:
            raise GateError(
                "the config has no `metrics:` section",
                file=loaded.display,
                hint="add a `metrics:` section, or pass --candidate/--baseline/--rule (or --candidate-predictions ...)",
            )
        data = loaded.config.metrics.model_dump(exclude_unset=True)
        base_dir = loaded.base_dir
        locate = loaded.locator("metrics")
    for option in ("candidate", "baseline", "on_missing_baseline"):
        if _given(options.get(option)):
            data[option] = options[option]
    if options.get("rules"):
        data["rules"] = [parse_rule(text) for text in options["rules"]]
        locate = _only_significance(locate)  # rules from the command line have no config line
    sig_updates = {
        field: (list(options[opt]) if opt == "metric_names" else options[opt])
        for opt, field in _SIGNIFICANCE_OPTIONS.items()
        if _given(options.get(opt))
    }
    if sig_updates:
        current = data.get("significance")
        significance = dict(current) if isinstance(current, dict) else {}
        significance.update(sig_updates)
        if "positive" in sig_updates:
            significance["positive"] = _positive(str(sig_updates["positive"]))
        data["significance"] = significance
    if not data:
        raise GateError(
            "nothing to compare",
            hint="pass --candidate F --baseline B --rule 'accuracy:higher:max_drop=0.01', or --candidate-predictions ..., or --config mlgate.yaml",
        )
    try:
        section = MetricsSection.model_validate(data)
    except ValidationError as exc:
        raise GateError(
            "invalid metrics options: " + "; ".join(_problem(err) for err in exc.errors()),
            hint="see `mlgate metrics compare --help`",
        ) from None
    return section, base_dir, locate, display


def _positive(text: str) -> str | int:
    try:
        return int(text)
    except ValueError:
        return text


def _only_significance(locate: Locator | None) -> Locator | None:
    if locate is None:
        return None
    parent = locate

    def located(path: tuple[str | int, ...]) -> Any:
        return parent(path) if path and path[0] == "significance" else None

    return located


_OPTION_NAMES = {field: "--" + opt.replace("_", "-") for opt, field in _SIGNIFICANCE_OPTIONS.items()}


def _problem(err: Any) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if len(loc) >= 2 and loc[0] == "significance":
        name = {"metrics": "--metric", "slice": "--slice"}.get(loc[1], _OPTION_NAMES.get(loc[1], loc[1]))
        if err.get("type") == "missing":
            return f"significance needs {name}"
        return f"{name}: {message}"
    return f"{'.'.join(loc)}: {message}" if loc else message
