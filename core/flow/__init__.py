"""ARS call flows: the model, reading and checking it, validation, simulation, exploration,
diffs and layout. Pure Python: no streamlit, no database."""
