"""evidently's stattests, described statically so config validation never imports evidently.

Each entry mirrors a `StatTest(...)` registered in evidently 0.7's `legacy/calculations/stattests/`:
its name, the column types it accepts, its default threshold, and which side of the threshold means
drift (read from the comparison each stattest function returns). A conformance test checks this table
against evidently's live registry, so a new evidently release that changes any of it fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass

NUMERICAL = "numerical"
CATEGORICAL = "categorical"
TEXT = "text"
DATETIME = "datetime"

# The name `auto` means evidently's own choice by column type, size and cardinality.
AUTO = "auto"


@dataclass(frozen=True)
class MethodInfo:
    name: str
    display_name: str  # evidently's label in its reports, e.g. "K-S p_value"
    column_types: tuple[str, ...]
    default_threshold: float
    drift_when: str  # e.g. "score < threshold": p-values drift below, distances at or above

    @property
    def is_p_value(self) -> bool:
        return "<" in self.drift_when


_P_LT = "score < threshold"
_P_LE = "score <= threshold"
_D_GE = "score >= threshold"
_D_GT = "score > threshold"

METHODS: dict[str, MethodInfo] = {
    m.name: m
    for m in (
        MethodInfo("anderson", "Anderson-Darling", (NUMERICAL,), 0.1, _P_LT),
        MethodInfo("chisquare", "chi-square p_value", (CATEGORICAL,), 0.05, _P_LT),
        MethodInfo("cramer_von_mises", "Cramer-von Mises", (NUMERICAL,), 0.1, _P_LE),
        MethodInfo("ed", "Energy-distance", (NUMERICAL,), 0.1, _D_GT),
        MethodInfo("es", "Epps-Singleton", (NUMERICAL,), 0.05, _P_LT),
        MethodInfo("fisher_exact", "Fisher's Exact test", (CATEGORICAL,), 0.1, _P_LT),
        MethodInfo("g_test", "g_test", (CATEGORICAL,), 0.1, _P_LT),
        MethodInfo("hellinger", "Hellinger distance", (CATEGORICAL, NUMERICAL), 0.1, _D_GE),
        MethodInfo("jensenshannon", "Jensen-Shannon distance", (CATEGORICAL, NUMERICAL), 0.1, _D_GE),
        MethodInfo("kl_div", "Kullback-Leibler divergence", (CATEGORICAL, NUMERICAL), 0.1, _D_GE),
        MethodInfo("ks", "K-S p_value", (NUMERICAL,), 0.05, _P_LE),
        MethodInfo("mannw", "Mann-Whitney U-rank test", (NUMERICAL,), 0.05, _P_LT),
        MethodInfo("empirical_mmd", "empirical_mmd", (NUMERICAL,), 0.1, _P_LT),
        MethodInfo("psi", "PSI", (CATEGORICAL, NUMERICAL), 0.1, _D_GE),
        MethodInfo("t_test", "t_test", (NUMERICAL,), 0.05, _P_LT),
        MethodInfo("TVD", "Total-Variation-Distance", (CATEGORICAL,), 0.1, _P_LT),
        MethodInfo("wasserstein", "Wasserstein distance (normed)", (NUMERICAL,), 0.1, _D_GE),
        MethodInfo("z", "Z-test p_value", (CATEGORICAL,), 0.05, _P_LT),
        MethodInfo("perc_text_content_drift", "Percentile text content drift", (TEXT,), 0.95, _D_GT),
        MethodInfo("abs_text_content_drift", "Absolute text content drift", (TEXT,), 0.55, _D_GT),
    )
}

METHOD_NAMES: tuple[str, ...] = (AUTO, *sorted(METHODS, key=str.lower))


def method_info(name: str) -> MethodInfo:
    return METHODS[name]
