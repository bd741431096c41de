"""Hand-over screens: this laptop's address, sending a case to the DSL, receiving one."""
