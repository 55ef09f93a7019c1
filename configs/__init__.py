"""YAML presets shipped with codecurate (`default`, `stack-v2`, `keep-all`, `dataflow`)."""
