"""Results for the teacher: the `fanzha-results/1` export format, and the class
report computed from exports (`figures` computes; `terminal`, `html` and
`writers` only draw)."""
