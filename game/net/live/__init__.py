"""全班一起玩 — the live class: pupils' games join the teacher's PC on the lab
network (`fanzha class`, `fanzha join`). `protocol` checks what travels,
`teacher` is the teacher's server, `pupil` a pupil's connection."""
