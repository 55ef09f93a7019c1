"""The published dataset: its layout, schemas and manifest, and the tools that read it (verify,
audit, report, card).  Nothing here builds a Beam graph: these modules work on a finished dataset."""
