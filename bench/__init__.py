"""Scale benchmark: a synthetic corpus generator and a harness that times full builds."""
