"""Trust-wide oversight screens: a school sends its figures, a trust makes its report."""
