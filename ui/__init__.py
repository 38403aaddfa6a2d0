"""Streamlit-side glue shared by Home.py and the pages (the only package besides pages/
that imports streamlit)."""
