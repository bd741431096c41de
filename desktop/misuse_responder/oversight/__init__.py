"""Trust-wide oversight (issue 13): a school's anonymised counts travel as a signed,
encrypted summary file; the trust merges many into one report, suppressing small numbers
after the merge. Qt-free, like the rest of the core."""
