"""Evaluation: extractions written in the prediction format (``_predictions``) and scored
against gold annotations as ``spec/evaluation.md`` defines (``_score``)."""
