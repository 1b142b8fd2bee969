"""The Live Parameters panel: sliders of constants, before and during a run."""
