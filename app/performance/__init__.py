"""Performance tracking: indicator targets and actuals per period, their status with its
reasons, the roll-up along the results chain, and the IATI results export."""
