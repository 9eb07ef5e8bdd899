"""Versions of a plan: baselines (named snapshots), diffs between two versions, and the
crosswalk between two planning cycles."""
