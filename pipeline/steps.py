"""The step contract and runner, defined in `core/steps.py` (shared with the domain packages) and
named here too for the pipeline's own modules."""

from core.steps import (ERROR_RULE, NAMESPACE, Counters, FileStep, Step, StepRunner, log_failure, on_fields_alone,
                        reason_prefix)

__all__ = ["ERROR_RULE", "NAMESPACE", "Counters", "FileStep", "Step", "StepRunner", "log_failure", "on_fields_alone",
           "reason_prefix"]
