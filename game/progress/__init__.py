"""Progress and profiles: the SQLite store in the data folder, 辨一辨 and
badges. Built on the engine; knows nothing of any face."""
